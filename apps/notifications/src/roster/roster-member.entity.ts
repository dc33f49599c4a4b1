import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Participant } from '@jcg/contracts';

/** notifications' copy of a group's participants: whom invites go to (R8: active ones only). */
@Entity({ name: 'roster' })
@Index('roster_group', ['groupId', 'status'])
export class RosterMemberEntity {
  @PrimaryColumn('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('text')
  role!: Participant['role'];

  @Column('text')
  status!: Participant['status'];

  /** The newest event applied: an older one that arrives late is ignored. */
  @Column('uuid', { name: 'last_event_id' })
  lastEventId!: string;
}
