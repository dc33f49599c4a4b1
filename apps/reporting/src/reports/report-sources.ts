import { Injectable } from '@nestjs/common';
import type {
  Agenda,
  ConvenorAppointment,
  GroupDecision,
  Meeting,
  Organization,
  Participant,
  TorVersion,
} from '@jcg/contracts';
import { BullMqClient, RemoteError } from '@jcg/messaging';
import { ReportingErrors } from '../reporting.errors.js';

/** What the other services know that a report states: asked of their owners when it is compiled. */
export interface ReportSourceFacts {
  meetings: Meeting[];
  agendas: Map<string, Agenda>;
  organizations: Organization[];
  participants: Participant[];
  convenors: ConvenorAppointment[];
  torVersions: TorVersion[];
  decisions: GroupDecision[];
}

/**
 * Asks meetings, agenda and membership for the facts of a report, before any transaction opens
 * (a report is compiled from what the owners know now, never from a copy). A source that does
 * not answer fails the compilation with 503: a report is never compiled from half the facts.
 */
@Injectable()
export class ReportSources {
  constructor(private readonly client: BullMqClient) {}

  async of(groupId: string, heldBetween: { from: Date; to: Date }): Promise<ReportSourceFacts> {
    try {
      const [meetings, organizations, participants, convenors, tor, decisions] = await Promise.all([
        this.client.request('meetings.meetings.list', { groupId }),
        this.organizations(),
        this.participants(groupId),
        this.client.request('membership.convenors.history', { groupId }),
        this.client.request('membership.tor.list', { groupId }),
        this.client.request('membership.groups.decisions', { groupId }),
      ]);
      const held = meetings.items.filter((m) => {
        const start = new Date(m.startsAt).getTime();
        return (
          (m.state === 'held' || m.state === 'closed') &&
          start >= heldBetween.from.getTime() &&
          start < heldBetween.to.getTime()
        );
      });
      const agendas = await Promise.all(
        held.map((m) =>
          this.client.request('agenda.agendas.get', { groupId, meetingId: m.id }).catch((error: unknown) => {
            if (error instanceof RemoteError && error.problem.status === 404) return null;
            throw error;
          }),
        ),
      );
      return {
        meetings: held,
        agendas: new Map(agendas.filter((a): a is Agenda => a !== null).map((a) => [a.meetingId, a])),
        organizations,
        participants,
        convenors: convenors.items,
        torVersions: tor.items,
        decisions: decisions.items,
      };
    } catch (error) {
      if (error instanceof RemoteError && error.problem.status === 404) throw ReportingErrors.groupNotFound(groupId);
      if (error instanceof RemoteError && error.problem.status < 500) throw error;
      throw ReportingErrors.sourceUnavailable(error instanceof Error ? error.message : String(error));
    }
  }

  private organizations(): Promise<Organization[]> {
    return allPages((cursor) => this.client.request('membership.organizations.list', { limit: 200, cursor }));
  }

  private participants(groupId: string): Promise<Participant[]> {
    return allPages((cursor) => this.client.request('membership.participants.list', { groupId, limit: 200, cursor }));
  }
}

/** Every item of a paginated query, page after page. */
async function allPages<T>(
  page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
