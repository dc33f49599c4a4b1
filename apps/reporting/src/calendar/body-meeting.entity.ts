import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { BodyMeeting } from '@jcg/contracts';

/** A meeting of a body (SG or TSAG), as TSB entered it under its reference. */
@Entity({ name: 'body_meetings' })
@Unique('body_meetings_reference_key', ['reference'])
@Index('body_meetings_body', ['body', 'firstDay'])
@Check('body_meetings_status_check', `(status = ANY (ARRAY['scheduled'::text, 'cancelled'::text]))`)
@Check('body_meetings_days_check', `(last_day >= first_day)`)
export class BodyMeetingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  reference!: string;

  @Column('text')
  body!: string;

  @Column('date', { name: 'first_day' })
  firstDay!: string;

  @Column('date', { name: 'last_day' })
  lastDay!: string;

  @Column('text')
  place!: string;

  @Column('text')
  status!: BodyMeeting['status'];

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  toContract(): BodyMeeting {
    return {
      id: this.id,
      reference: this.reference,
      body: this.body,
      firstDay: this.firstDay,
      lastDay: this.lastDay,
      place: this.place,
      status: this.status,
      version: this.version,
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
