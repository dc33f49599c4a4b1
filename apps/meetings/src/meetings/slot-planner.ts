import { Inject, Injectable } from '@nestjs/common';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { MembershipFacts } from '../membership/membership-facts.js';
import { countZones, suggestSlots } from '../rules/slot-suggestions.rule.js';

const DAY = 24 * 3600_000;

/**
 * The planner's slot suggestions: the group's active participants' time zones (membership's
 * roster, asked now), searched from the earliest start R4 still allows.
 */
@Injectable()
export class SlotPlanner {
  constructor(
    private readonly membership: MembershipFacts,
    private readonly client: BullMqClient,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async suggest(request: RequestOf<'meetings.slots.suggest'>): Promise<ResponseOf<'meetings.slots.suggest'>> {
    const facts = await this.membership.active(request.groupId);
    const roster = await this.client.request('membership.roster.get', { groupId: request.groupId });
    const zones = countZones(roster.items.map((p) => p.timeZone));
    // Announced the lead time before it starts (R4): a day more than that leaves the time to
    // agree, provision and announce a meeting proposed now.
    const earliest = new Date(this.clock.now().getTime() + (facts.group.announcementLeadDays + 1) * DAY);
    const from = new Date(Math.max(Date.parse(request.from), earliest.getTime()));
    const slots = suggestSlots({
      zones,
      durationMinutes: request.durationMinutes,
      from,
      to: new Date(request.to),
      limit: request.limit,
    });
    return {
      participants: roster.items.length,
      zones,
      earliestStart: earliest.toISOString(),
      slots: slots.map((slot) => ({
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
        inside: slot.inside,
        outside: roster.items.length - slot.inside,
        zones: slot.zones,
      })),
    };
  }
}
