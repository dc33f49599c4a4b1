import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { ObligationState } from '../rules/cadence.rule.js';
import { BodyMeetingEntity } from '../calendar/body-meeting.entity.js';

/** What a group owes a body for one of its meetings (R6). */
@Entity({ name: 'obligations' })
@Unique('obligations_group_meeting_key', ['groupId', 'bodyMeetingId'])
@Index('obligations_group_due', ['groupId', 'dueDate'])
@Index('obligations_td_number_key', ['tdNumber'], { unique: true, where: 'td_number IS NOT NULL' })
@Check(
  'obligations_state_check',
  `(state = ANY (ARRAY['open'::text, 'drafted'::text, 'submitted'::text, 'acknowledged'::text, 'cancelled'::text, 'missed'::text]))`,
)
export class ObligationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  body!: string;

  @Column('uuid', { name: 'body_meeting_id' })
  bodyMeetingId!: string;

  @ManyToOne(() => BodyMeetingEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'body_meeting_id', foreignKeyConstraintName: 'obligations_body_meeting_id_fkey' })
  private readonly bodyMeeting?: BodyMeetingEntity;

  @Column('date', { name: 'due_date' })
  dueDate!: string;

  @Column('text')
  state!: ObligationState;

  @Column('boolean')
  final!: boolean;

  @Column('text', { name: 'document_reference', nullable: true })
  documentReference!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('uuid', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @Column('text', { name: 'td_number', nullable: true })
  tdNumber!: string | null;

  @Column('timestamptz', { name: 'missed_at', nullable: true })
  missedAt!: Date | null;

  @Column('text', { name: 'cancelled_reason', nullable: true })
  cancelledReason!: string | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
