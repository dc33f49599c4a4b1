import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GroupEntity } from '../groups/group.entity.js';
import { ParticipantEntity } from '../participants/participant.entity.js';

@Entity({ name: 'convenor_appointments' })
@Index('convenor_current', ['groupId', 'studyGroup'], { unique: true, where: 'ended_on IS NULL' })
export class ConvenorAppointmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text', { name: 'study_group' })
  studyGroup!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  @ManyToOne(() => GroupEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'convenor_appointments_group_id_fkey' })
  private readonly group?: GroupEntity;

  @ManyToOne(() => ParticipantEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'convenor_appointments_participant_id_fkey' })
  private readonly participant?: ParticipantEntity;

  @Column('date', { name: 'appointed_on' })
  appointedOn!: string;

  @Column('text')
  reference!: string;

  @Column('date', { name: 'ended_on', nullable: true })
  endedOn!: string | null;

  @Column('uuid', { name: 'replaced_by', nullable: true })
  replacedBy!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
