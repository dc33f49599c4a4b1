import type { OverlapMatrix, WorkItemChange } from '@jcg/contracts';
import { GENEVA, genevaDate } from '../rules/due-date.rule.js';
import { byStudyGroup } from '../rules/overlap-matrix.rule.js';
import { changeDetail } from '../register/register.views.js';
import type { Count, GovernanceEvent, HeldMeeting, Narrative, ReportContent } from './report-content.js';
import type { ReportSourceFacts } from './report-sources.js';

export interface CompileInput {
  group: { acronym: string; title: string; parentBody: string; studyGroups: string[] };
  body: ReportContent['body'];
  dueDate: string;
  final: boolean;
  period: { from: Date; to: Date };
  sources: ReportSourceFacts;
  registerChanges: WorkItemChange[];
  /** The Questions in the register now (for the title block). */
  questions: string[];
  matrix: OverlapMatrix;
  narratives: Narrative[];
  version: number;
  generatedAt: Date;
}

const genevaTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: GENEVA,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2027-01-12 14:00" in Geneva. */
export const inGeneva = (instant: Date) => genevaTime.format(instant).replace(',', '');

const counted = (counts: Map<string, number>, order: (a: string, b: string) => number): Count[] =>
  [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => order(a.key, b.key));

/**
 * Who attended, counted by organization and by study group. An attendee recorded with their
 * participant id counts for that participant's organization; otherwise the organization written
 * in the record is matched to a registered one by name. An organization counts for each of the
 * group's study groups it participates in (R1); one the register does not know counts under
 * "not registered".
 */
export function attendanceCounts(
  attendance: { name: string; organization: string; participantId?: string }[],
  sources: Pick<ReportSourceFacts, 'organizations' | 'participants'>,
  groupStudyGroups: string[],
): HeldMeeting['attendance'] {
  const orgById = new Map(sources.organizations.map((o) => [o.id, o]));
  const orgByName = new Map(sources.organizations.map((o) => [o.name.trim().toLowerCase(), o]));
  const participantOrg = new Map(sources.participants.map((p) => [p.id, orgById.get(p.organizationId)]));
  const byOrg = new Map<string, number>();
  const bySg = new Map<string, number>();
  for (const a of attendance) {
    const org =
      (a.participantId ? participantOrg.get(a.participantId) : undefined) ??
      orgByName.get(a.organization.trim().toLowerCase());
    const name = org?.name ?? a.organization.trim();
    byOrg.set(name, (byOrg.get(name) ?? 0) + 1);
    const sgs = org ? org.studyGroups.filter((sg) => groupStudyGroups.includes(sg)) : [];
    for (const sg of sgs.length > 0 ? sgs : ['not registered']) bySg.set(sg, (bySg.get(sg) ?? 0) + 1);
  }
  return {
    total: attendance.length,
    byOrganization: counted(byOrg, (a, b) => (byOrg.get(b) ?? 0) - (byOrg.get(a) ?? 0) || a.localeCompare(b)),
    byStudyGroup: counted(bySg, byStudyGroup),
  };
}

const within = (instant: string | null, period: { from: Date; to: Date }) =>
  instant !== null && new Date(instant) >= period.from && new Date(instant) < period.to;

/** ToR revisions sent or decided, and the parent's decisions, in the period. */
export function governanceIn(
  sources: Pick<ReportSourceFacts, 'torVersions' | 'decisions'>,
  parentBody: string,
  period: { from: Date; to: Date },
): GovernanceEvent[] {
  const events: GovernanceEvent[] = [];
  const fromDate = genevaDate(period.from);
  const toDate = genevaDate(period.to);
  for (const tor of sources.torVersions) {
    if (within(tor.sentAt, period)) {
      events.push({
        date: genevaDate(new Date(tor.sentAt!)),
        summary: `ToR version ${tor.version} sent to ${parentBody} for approval: ${tor.summary}`,
        reference: null,
      });
    }
    if (tor.decidedOn && (tor.status === 'approved' || tor.status === 'declined')) {
      const decided = tor.decidedOn >= fromDate && tor.decidedOn <= toDate;
      if (decided) {
        events.push({
          date: tor.decidedOn,
          summary: `ToR version ${tor.version} ${tor.status} by ${parentBody}: ${tor.summary}`,
          reference: tor.decisionReference,
        });
      }
    }
  }
  for (const d of sources.decisions) {
    if (!within(d.recordedAt, period)) continue;
    const summary =
      d.kind === 'extension'
        ? `${parentBody} extended the group${d.until ? ` until ${d.until}` : ''}`
        : d.kind === 'conclusion'
          ? `${parentBody} concluded the group`
          : `${parentBody} changed the participating study groups`;
    events.push({
      date: d.decidedOn,
      summary: d.studyGroupInput.length > 0 ? `${summary} (with input from ${d.studyGroupInput.join(', ')})` : summary,
      reference: d.reference,
    });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

/** The facts of a report for its period, and the narratives as they stand: the draft's content. */
export function compileReport(input: CompileInput): ReportContent {
  const { sources, group } = input;
  const participants = new Map(sources.participants.map((p) => [p.id, p]));
  const orgs = new Map(sources.organizations.map((o) => [o.id, o]));
  const contacts = sources.convenors
    .filter((a) => a.endedOn === null)
    .sort((a, b) => byStudyGroup(a.studyGroup, b.studyGroup))
    .map((a) => {
      const p = participants.get(a.participantId);
      return {
        name: p?.name ?? a.participantName,
        organization: (p && orgs.get(p.organizationId)?.name) ?? '',
        email: p?.email ?? '',
        studyGroup: a.studyGroup,
      };
    });
  const meetings: HeldMeeting[] = [...sources.meetings]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((m) => ({
      title: m.title,
      startsAt: new Date(m.startsAt).toISOString(),
      endsAt: new Date(m.endsAt).toISOString(),
      genevaStart: inGeneva(new Date(m.startsAt)),
      genevaEnd: inGeneva(new Date(m.endsAt)),
      attendance: attendanceCounts(m.record?.attendance ?? [], sources, group.studyGroups),
      agenda: sources.agendas.get(m.id)?.items.map((i) => i.title) ?? [],
      decisions: m.record?.decisions ?? [],
      actionItems: (m.record?.actionItems ?? []).map((a) => ({
        description: a.description,
        owner: a.owner,
        due: a.due ?? null,
        status: a.status,
      })),
    }));
  return {
    group: { acronym: group.acronym, name: group.title, parentBody: group.parentBody, studyGroups: group.studyGroups },
    body: input.body,
    dueDate: input.dueDate,
    final: input.final,
    period: { from: input.period.from.toISOString(), to: input.period.to.toISOString() },
    version: input.version,
    frozen: false,
    tdNumber: null,
    generatedAt: input.generatedAt.toISOString(),
    questions: input.questions,
    contacts,
    meetings,
    governance: governanceIn(sources, group.parentBody, input.period),
    registerChanges: input.registerChanges.map((c) => ({
      at: c.at,
      identifier: c.identifier,
      change: c.change,
      detail: changeDetail(c.before, c.after),
    })),
    matrix: {
      studyGroups: input.matrix.studyGroups,
      rows: input.matrix.rows.map((r) => ({ topic: r.topic, items: r.items, overlap: r.overlap, gap: r.gap })),
    },
    demarcation: input.matrix.rows.map((r) => ({
      topic: r.topic,
      leadStudyGroup: r.demarcation?.leadStudyGroup ?? null,
      rationale: r.demarcation?.rationale ?? null,
    })),
    narratives: input.narratives,
  };
}
