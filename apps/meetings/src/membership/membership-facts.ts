import { Injectable } from '@nestjs/common';
import type { Group } from '@jcg/contracts';
import { BullMqClient, RemoteError } from '@jcg/messaging';
import { MeetingErrors } from '../meetings/meetings.errors.js';

/** What the meeting rules need to know of the group, as membership knows it now. */
export interface GroupFacts {
  group: Group;
  /** The participant ids of the current co-convenors (one per participating study group, R2). */
  coConvenors: string[];
}

/**
 * Asks membership, the owner, for the facts a rule decides on: a copy kept from events may be
 * older than what the caller already knew (a co-convenor appointed a moment ago, a group just
 * concluded). Asked before a transaction opens, never inside one.
 */
@Injectable()
export class MembershipFacts {
  constructor(private readonly client: BullMqClient) {}

  async of(groupId: string): Promise<GroupFacts> {
    const [group, convenors] = await Promise.all([
      this.client.request('membership.groups.get', { groupId }),
      this.client.request('membership.convenors.history', { groupId }),
    ]).catch((error: unknown) => {
      if (error instanceof RemoteError && error.problem.status === 404) throw MeetingErrors.groupNotFound(groupId);
      throw error;
    });
    return { group, coConvenors: convenors.items.filter((a) => a.endedOn === null).map((a) => a.participantId) };
  }

  /** R7: a concluded group holds no new meetings. */
  async active(groupId: string): Promise<GroupFacts> {
    const facts = await this.of(groupId);
    if (facts.group.status === 'concluded') throw MeetingErrors.groupConcluded(facts.group.acronym);
    return facts;
  }
}
