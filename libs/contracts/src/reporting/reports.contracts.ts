import { z } from 'zod';
import { defineCommand, defineEvent } from '../contract.js';
import { actorSchema } from './register.schema.js';
import {
  documentFormatSchema,
  narrativeInputSchema,
  narrativeRevisionSchema,
  objectiveSchema,
  reportFileSchema,
  reportSchema,
  reportSummarySchema,
} from './report.schema.js';
import { obligationSchema } from './reporting.schema.js';

const obligationRef = { groupId: z.uuid(), obligationId: z.uuid() };

export const compileReport = defineCommand({
  name: 'reporting.reports.compile',
  owner: 'reporting',
  description:
    "Compiles the report's facts afresh into the draft (a new draft when the latest version was submitted); the narratives are kept.",
  request: z.strictObject({ ...obligationRef, actor: actorSchema }),
  response: reportSchema,
});

export const getReport = defineCommand({
  kind: 'query',
  name: 'reporting.reports.get',
  owner: 'reporting',
  description: 'The latest version of the report (or one version), with its content.',
  request: z.strictObject({ ...obligationRef, version: z.int().min(1).optional() }),
  response: reportSchema,
});

export const listReportVersions = defineCommand({
  kind: 'query',
  name: 'reporting.reports.versions',
  owner: 'reporting',
  description: 'Every version of the report, oldest first, without content.',
  request: z.strictObject(obligationRef),
  response: z.strictObject({ items: z.array(reportSummarySchema) }),
});

export const writeNarrative = defineCommand({
  name: 'reporting.reports.write-narrative',
  owner: 'reporting',
  description: "A co-convenor writes the narrative of one objective (a new revision; the report's facts stay).",
  request: z.strictObject({
    ...obligationRef,
    actor: actorSchema,
    objective: objectiveSchema,
    narrative: narrativeInputSchema,
  }),
  response: reportSchema,
});

export const narrativeHistory = defineCommand({
  kind: 'query',
  name: 'reporting.reports.narrative-history',
  owner: 'reporting',
  description: "Every revision of one objective's narrative, oldest first.",
  request: z.strictObject({ ...obligationRef, objective: objectiveSchema }),
  response: z.strictObject({ items: z.array(narrativeRevisionSchema) }),
});

export const reportDocument = defineCommand({
  kind: 'query',
  name: 'reporting.reports.document',
  owner: 'reporting',
  description:
    'The report as a file: a version as frozen (the numbered TD once acknowledged), or without a version a preview of the draft (compiled now if there is none).',
  request: z.strictObject({
    ...obligationRef,
    version: z.int().min(1).optional(),
    format: documentFormatSchema,
    /** For an acknowledged version: the document exactly as submitted, not its numbered copy. */
    original: z.boolean().optional(),
  }),
  response: reportFileSchema,
});

export const submitCompiledReport = defineCommand({
  name: 'reporting.reports.submit',
  owner: 'reporting',
  description:
    "Freezes the draft (its .docx and SHA-256 kept for good), mails it to the body's secretariat and to the list, and records the submission.",
  request: z.strictObject({ ...obligationRef, actor: actorSchema }),
  response: reportSchema,
});

export const reportDrafted = defineEvent({
  type: 'report.drafted',
  owner: 'reporting',
  description: 'A report was compiled (its draft exists, or was compiled afresh).',
  data: z.strictObject({ obligation: obligationSchema, version: z.int().min(1) }),
  subscribers: [],
});
