import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Meeting } from '@jcg/contracts';
import { GroupDirectory } from '@jcg/group-directory';
import { CommandError, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { calendarText } from '../mail/calendar.js';
import { MAIL_OPTIONS, organizerAddress, type MailOptions } from '../mail/mail-options.js';
import { meetingTimeLine } from '../mail/meeting-times.js';

const notFound = (detail: string) =>
  new CommandError({ status: 404, code: 'FEED_NOT_FOUND', title: 'Feed not found', detail });

/** Calendar feeds: a group's announced meetings, for calendar applications to subscribe to. */
@Injectable()
export class FeedsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly groups: GroupDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly mail: MailOptions,
  ) {}

  async groupFeed(groupId: string): Promise<string> {
    const group = await this.groups.find(groupId);
    if (!group) throw notFound(`No group has the id ${groupId}.`);
    const meetings = (
      await this.dataSource.query<{ meeting: Meeting }[]>(
        `SELECT meeting FROM ${qualified(this.dataSource.manager, 'meeting_copies')} WHERE group_id = $1 AND announced ORDER BY starts_at, id`,
        [groupId],
      )
    ).map((r) => r.meeting);
    const stamp = this.clock.now();
    return calendarText(
      meetings.map((m) => ({
        uid: m.calendarUid,
        sequence: m.sequence,
        method: 'PUBLISH' as const,
        startsAt: new Date(m.startsAt),
        endsAt: new Date(m.endsAt),
        stamp,
        summary: `${group.acronym}: ${m.title}`,
        description: `${m.title}\n${meetingTimeLine(new Date(m.startsAt), new Date(m.endsAt))}\nMailing list: ${group.mailingList}`,
        location: m.joinDetails?.url ?? null,
        url: m.joinDetails?.url ?? null,
        organizer: organizerAddress(this.mail),
        attendees: [],
        cancelled: m.state === 'cancelled',
      })),
      'PUBLISH',
      `${group.acronym} meetings`,
    );
  }

  /** R8: the feed of a participant who is not active (suspended, or gone) shows nothing. */
  async participantFeed(tokenHash: string): Promise<string> {
    const [row] = await this.dataSource.query<{ group_id: string; status: string | null }[]>(
      `SELECT t.group_id, r.status FROM ${qualified(this.dataSource.manager, 'feed_tokens')} t
         LEFT JOIN ${qualified(this.dataSource.manager, 'roster')} r ON r.participant_id = t.participant_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    if (!row) throw notFound('No feed has this token (it may have been replaced).');
    if (row.status !== 'active') return calendarText([], 'PUBLISH', 'No meetings');
    return this.groupFeed(row.group_id);
  }

  async issueToken(groupId: string, participantId: string, tokenHash: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${qualified(this.dataSource.manager, 'feed_tokens')} (participant_id, group_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (participant_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, group_id = EXCLUDED.group_id, created_at = EXCLUDED.created_at`,
      [participantId, groupId, tokenHash, this.clock.now()],
    );
  }
}
