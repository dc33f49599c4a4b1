import { Column, Entity, PrimaryColumn } from 'typeorm';

/** meetings' copy of each group's current co-convenors (R2, R3: whose concurrence a meeting needs). */
@Entity({ name: 'co_convenors' })
export class CoConvenorEntity {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId!: string;

  @PrimaryColumn('text', { name: 'study_group' })
  studyGroup!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('text', { name: 'participant_name' })
  participantName!: string;

  @Column('date', { name: 'appointed_on' })
  appointedOn!: string;

  /** The appointment applied (uuid v7): an older one that arrives late is ignored. */
  @Column('uuid', { name: 'appointment_id' })
  appointmentId!: string;
}
