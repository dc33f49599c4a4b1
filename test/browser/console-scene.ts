import type { Group, Participant } from '@jcg/contracts';
import type { MembershipCast } from '../support/membership-cast';
import type { Http } from '../support/http';

/** Seven time zones from UTC-8 to UTC+12:45, as the group's participants live (issue: the planner). */
export const ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Chatham',
] as const;

export interface ConsoleScene {
  group: Group;
  /** Two co-convenors (SG17 and SG20): R3 needs the other's concurrence. */
  ana: Participant;
  bo: Participant;
  /** Participants, one per zone. */
  people: Participant[];
  /** The reference of the SG17 meeting the group owes a report to. */
  bodyMeeting: string;
}

/** A group as a co-convenor finds it: two co-convenors and participants across the world, made through the API. */
export async function consoleScene(cast: MembershipCast, http: Http): Promise<ConsoleScene> {
  const group = await cast.group(`CG-UI-${Date.now().toString(36)}`);
  const organization = await cast.organization(['SG17', 'SG20'], 'Example Telecom');
  await cast.admit(group.id, organization.id);
  const person = async (name: string, timeZone: string) => {
    const made = await cast.participant(group.id, organization.id, name);
    const changed = await http.call('PATCH', `/v1/groups/${group.id}/participants/${made.id}`, {
      body: { timeZone },
      key: cast.adminKey,
    });
    if (changed.status !== 200) throw new Error(`time zone of ${name}: ${changed.status} ${changed.text}`);
    return changed.body as Participant;
  };
  const ana = await person(`Ana Convenor ${group.acronym}`, 'Europe/Zurich');
  const bo = await person(`Bo Convenor ${group.acronym}`, 'Asia/Tokyo');
  await cast.appoint(group.id, 'SG17', ana.id);
  await cast.appoint(group.id, 'SG20', bo.id);
  const people: Participant[] = [];
  for (const [i, zone] of ZONES.entries()) people.push(await person(`Person ${i + 1} ${group.acronym}`, zone));
  // An SG17 meeting in four months: the group owes it a report (R6), due a month before.
  const firstDay = new Date(Date.now() + 120 * 24 * 3600_000).toISOString().slice(0, 10);
  const reference = `SG17-${group.acronym}`;
  const entered = await http.call('PUT', `/v1/body-meetings/${reference}`, {
    key: cast.adminKey,
    body: { body: 'SG17', firstDay, lastDay: firstDay, place: 'Geneva' },
  });
  if (entered.status !== 200) throw new Error(`body meeting: ${entered.status} ${entered.text}`);
  return { group, ana, bo, people, bodyMeeting: reference };
}
