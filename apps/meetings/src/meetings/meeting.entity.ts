import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { JoinDetails, Meeting, MeetingRecord, MeetingState } from '@jcg/contracts';

@Entity({ name: 'meetings' })
@Index('meetings_group', ['groupId', 'startsAt'])
@Unique('meetings_calendar_uid_key', ['calendarUid'])
@Check('meetings_check', `((ends_at > starts_at) AND ((ends_at - starts_at) <= '24:00:00'::interval))`)
@Check(
  'meetings_state_check',
  `(state = ANY (ARRAY['proposed'::text, 'agreed'::text, 'announced'::text, 'held'::text, 'closed'::text, 'cancelled'::text]))`,
)
@Check('meetings_sequence_check', `(sequence >= 0)`)
@Check('meetings_version_check', `(version >= 1)`)
export class MeetingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  title!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('text')
  tool!: string;

  @Column('jsonb', { name: 'join_details', nullable: true })
  joinDetails!: JoinDetails | null;

  @Column('text')
  state!: MeetingState;

  @Column('uuid', { name: 'proposed_by', nullable: true })
  proposedBy!: string | null;

  @Column('uuid', { name: 'concurred_by', array: true })
  concurredBy!: string[];

  @Column('timestamptz', { name: 'announcement_deadline' })
  announcementDeadline!: Date;

  @Column('timestamptz', { name: 'announce_at', nullable: true })
  announceAt!: Date | null;

  @Column('timestamptz', { name: 'announced_at', nullable: true })
  announcedAt!: Date | null;

  @Column('text', { name: 'calendar_uid' })
  calendarUid!: string;

  /** iCalendar SEQUENCE: raised in the same transaction as each change participants must see. */
  @Column('integer')
  sequence!: number;

  /** Raised with every change, in its transaction: the order of the meeting's events. */
  @Column('integer')
  version!: number;

  @Column('jsonb', { nullable: true })
  record!: MeetingRecord | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  toContract(): Meeting {
    return {
      id: this.id,
      groupId: this.groupId,
      title: this.title,
      startsAt: this.startsAt.toISOString(),
      endsAt: this.endsAt.toISOString(),
      timeZone: this.timeZone,
      tool: this.tool,
      joinDetails: this.joinDetails,
      state: this.state,
      proposedBy: this.proposedBy,
      concurredBy: this.concurredBy,
      announcementDeadline: this.announcementDeadline.toISOString(),
      announceAt: this.announceAt?.toISOString() ?? null,
      announcedAt: this.announcedAt?.toISOString() ?? null,
      calendarUid: this.calendarUid,
      sequence: this.sequence,
      version: this.version,
      record: this.record,
    };
  }
}
