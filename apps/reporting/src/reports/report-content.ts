/**
 * Everything a compiled report says, as plain data: the facts the system generated for the
 * period, and the narratives the co-convenors wrote. Both renderers (Markdown and the ITU-T TD
 * as .docx) read only this; nothing in it is computed while rendering.
 */

export type Objective = 'a' | 'b' | 'c' | 'd';

/** The ToR's objectives (DOMAIN.md), one narrative section each. */
export const OBJECTIVES: Record<Objective, string> = {
  a: 'Review of IoT-security activities in SG17 and SG20',
  b: 'Overlaps, synergies and gaps',
  c: 'Demarcation line between SG17 and SG20',
  d: 'Coordination mechanisms proposed to TSAG',
};

export interface ReportContact {
  name: string;
  organization: string;
  email: string;
  /** The study group that appointed this co-convenor (R2). */
  studyGroup: string;
}

export interface Count {
  key: string;
  count: number;
}

export interface HeldMeeting {
  title: string;
  /** ISO instants (UTC). */
  startsAt: string;
  endsAt: string;
  /** The same instants as Geneva wall-clock time, e.g. "2027-01-12 14:00". */
  genevaStart: string;
  genevaEnd: string;
  attendance: {
    total: number;
    /** By organization, most attendees first, then by name. */
    byOrganization: Count[];
    /** By study group (an organization in two SGs counts in both), in SG order. */
    byStudyGroup: Count[];
  };
  /** The agenda's items as adopted (or as last revised), titles only. */
  agenda: string[];
  decisions: string[];
  actionItems: { description: string; owner: string; due: string | null; status: 'open' | 'done' }[];
}

export interface GovernanceEvent {
  /** Calendar date (YYYY-MM-DD). */
  date: string;
  /** e.g. "ToR v2 approved by TSAG", "Extended to 2028-06-30". */
  summary: string;
  reference: string | null;
}

export interface RegisterChange {
  /** ISO instant. */
  at: string;
  identifier: string;
  change: 'added' | 'changed' | 'removed';
  /** What changed, human readable, e.g. "status: under-study → consented". */
  detail: string;
}

export interface MatrixRow {
  topic: { key: string; name: string };
  /** Study group → identifiers of its work items on this topic (withdrawn items left out). */
  items: Record<string, string[]>;
  /** Items in two or more study groups. */
  overlap: boolean;
  /** No item in any study group. */
  gap: boolean;
}

export interface DemarcationLine {
  topic: { key: string; name: string };
  leadStudyGroup: string | null;
  rationale: string | null;
}

export interface Narrative {
  objective: Objective;
  text: string;
  /** 0 when nobody has written it yet. */
  revision: number;
}

export interface ReportContent {
  group: { acronym: string; name: string; parentBody: string; studyGroups: string[] };
  /** The body meeting the report is for. */
  body: { body: string; firstDay: string; lastDay: string; place: string; reference: string };
  dueDate: string;
  final: boolean;
  /** ISO instants: the activity covered, since the previous submitted report to that body. */
  period: { from: string; to: string };
  /** The report's version number (1, 2, ...) and whether it is frozen. */
  version: number;
  frozen: boolean;
  /** TSB's TD number, once it acknowledged the report. */
  tdNumber: string | null;
  generatedAt: string;
  /** The Questions of the register (e.g. "Q6/17"), for the title block. */
  questions: string[];
  contacts: ReportContact[];
  meetings: HeldMeeting[];
  governance: GovernanceEvent[];
  registerChanges: RegisterChange[];
  matrix: { studyGroups: string[]; rows: MatrixRow[] };
  demarcation: DemarcationLine[];
  narratives: Narrative[];
}
