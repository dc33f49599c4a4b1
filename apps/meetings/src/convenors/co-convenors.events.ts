import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventDataOf, EventEnvelope } from '@jcg/contracts';
import { Inbox, qualified } from '@jcg/messaging';

/** Keeps the current co-convenor of each group and study group, from membership's appointments. */
@Controller()
export class CoConvenorsEvents {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern('convenor.appointed')
  async appointed(@Payload() event: EventEnvelope<EventDataOf<'convenor.appointed'>>): Promise<void> {
    const a = event.data.appointment;
    await this.inbox.handleOnce(event, 'co-convenors', async (manager) => {
      // Appointment ids are uuid v7, ordered by time: only a newer appointment replaces.
      await manager.query(
        `INSERT INTO ${qualified(manager, 'co_convenors')} AS c (group_id, study_group, participant_id, participant_name, appointed_on, appointment_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (group_id, study_group) DO UPDATE SET
           participant_id = EXCLUDED.participant_id, participant_name = EXCLUDED.participant_name,
           appointed_on = EXCLUDED.appointed_on, appointment_id = EXCLUDED.appointment_id
         WHERE c.appointment_id < EXCLUDED.appointment_id`,
        [a.groupId, a.studyGroup, a.participantId, a.participantName, a.appointedOn, a.id],
      );
    });
  }
}
