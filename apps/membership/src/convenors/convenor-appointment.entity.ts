import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'convenor_appointments' })
export class ConvenorAppointmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text', { name: 'study_group' })
  studyGroup!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

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
