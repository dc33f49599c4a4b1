import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, Participant } from '@jcg/contracts';
import { Inbox, qualified } from '@jcg/messaging';
import { MeetingMail } from '../meetings/meeting-mail.js';

/**
 * Keeps the roster from membership's participant events. Every such event carries the whole
 * participant, so applying the newest one gives the current state whatever the arrival order.
 * Then the participant's calendar follows: whoever joins or is restored is invited to what is
 * still ahead; whoever is suspended or leaves gets the CANCEL of every upcoming meeting they hold.
 */
@Controller()
export class RosterEvents {
  constructor(
    private readonly inbox: Inbox,
    private readonly mail: MeetingMail,
  ) {}

  @EventPattern('participant.joined')
  joined(@Payload() event: EventEnvelope<Participant>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('participant.updated')
  updated(@Payload() event: EventEnvelope<Participant>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('participant.suspended')
  suspended(@Payload() event: EventEnvelope<Participant>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('participant.restored')
  restored(@Payload() event: EventEnvelope<Participant>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('participant.left')
  left(@Payload() event: EventEnvelope<Participant>): Promise<void> {
    return this.apply(event);
  }

  private async apply(event: EventEnvelope<Participant>): Promise<void> {
    const p = event.data;
    await this.inbox.handleOnce(event, 'roster', async (manager) => {
      await this.mail.lockGroup(manager, p.groupId);
      // Event ids are uuid v7, ordered by time: only a newer event overwrites.
      await manager.query(
        `INSERT INTO ${qualified(manager, 'roster')} AS r (participant_id, group_id, name, email, time_zone, role, status, last_event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (participant_id) DO UPDATE SET
           name = EXCLUDED.name, email = EXCLUDED.email, time_zone = EXCLUDED.time_zone, role = EXCLUDED.role,
           status = EXCLUDED.status, last_event_id = EXCLUDED.last_event_id
         WHERE r.last_event_id < EXCLUDED.last_event_id`,
        [p.id, p.groupId, p.name, p.email, p.timeZone, p.role, p.status, event.id],
      );
      for (const meetingId of await this.mail.meetingsOf(manager, p.groupId)) {
        await this.mail.reconcile(manager, meetingId, p.id);
      }
    });
  }
}
