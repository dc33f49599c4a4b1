import { z } from 'zod';
import { dateSchema, instantSchema, text } from '../common.schema.js';
import { actorSchema } from './register.schema.js';

/** The ToR's objectives (a)-(d): one narrative section each. */
export const objectiveSchema = z.enum(['a', 'b', 'c', 'd']);

const count = z.strictObject({ key: z.string(), count: z.int().min(0) });
const topicRef = z.strictObject({ key: z.string(), name: z.string() });

/** What a compiled report says: generated facts, and the co-convenors' narratives. */
export const reportContentSchema = z.strictObject({
  group: z.strictObject({
    acronym: z.string(),
    name: z.string(),
    parentBody: z.string(),
    studyGroups: z.array(z.string()),
  }),
  body: z.strictObject({
    body: z.string(),
    firstDay: dateSchema,
    lastDay: dateSchema,
    place: z.string(),
    reference: z.string(),
  }),
  dueDate: dateSchema,
  final: z.boolean(),
  period: z.strictObject({ from: instantSchema, to: instantSchema }),
  version: z.int().min(1),
  frozen: z.boolean(),
  tdNumber: z.string().nullable(),
  generatedAt: instantSchema,
  questions: z.array(z.string()),
  contacts: z.array(
    z.strictObject({ name: z.string(), organization: z.string(), email: z.string(), studyGroup: z.string() }),
  ),
  meetings: z.array(
    z.strictObject({
      title: z.string(),
      startsAt: instantSchema,
      endsAt: instantSchema,
      genevaStart: z.string(),
      genevaEnd: z.string(),
      attendance: z.strictObject({
        total: z.int().min(0),
        byOrganization: z.array(count),
        byStudyGroup: z.array(count),
      }),
      agenda: z.array(z.string()),
      decisions: z.array(z.string()),
      actionItems: z.array(
        z.strictObject({
          description: z.string(),
          owner: z.string(),
          due: dateSchema.nullable(),
          status: z.enum(['open', 'done']),
        }),
      ),
    }),
  ),
  governance: z.array(z.strictObject({ date: dateSchema, summary: z.string(), reference: z.string().nullable() })),
  registerChanges: z.array(
    z.strictObject({
      at: instantSchema,
      identifier: z.string(),
      change: z.enum(['added', 'changed', 'removed']),
      detail: z.string(),
    }),
  ),
  matrix: z.strictObject({
    studyGroups: z.array(z.string()),
    rows: z.array(
      z.strictObject({
        topic: topicRef,
        items: z.record(z.string(), z.array(z.string())),
        overlap: z.boolean(),
        gap: z.boolean(),
      }),
    ),
  }),
  demarcation: z.array(
    z.strictObject({ topic: topicRef, leadStudyGroup: z.string().nullable(), rationale: z.string().nullable() }),
  ),
  narratives: z.array(z.strictObject({ objective: objectiveSchema, text: z.string(), revision: z.int().min(0) })),
});

export const reportStateSchema = z.enum(['draft', 'submitted', 'acknowledged']);

/** The frozen document of a submitted version. */
export const reportDocumentSchema = z.strictObject({
  fileName: z.string(),
  /** SHA-256 (hex) of the .docx as submitted: it never changes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().min(1),
  submittedAt: instantSchema,
  submittedBy: actorSchema,
  /** Once TSB acknowledged: its TD number, and the numbered document's file name and SHA-256. */
  tdNumber: z.string().nullable(),
  numbered: z.strictObject({ fileName: z.string(), sha256: z.string() }).nullable(),
});

/** One version of a group's compiled report for an obligation. */
export const reportSchema = z.strictObject({
  obligationId: z.uuid(),
  groupId: z.uuid(),
  version: z.int().min(1),
  state: reportStateSchema,
  generatedAt: instantSchema,
  content: reportContentSchema,
  document: reportDocumentSchema.nullable(),
});
export type Report = z.infer<typeof reportSchema>;

export const reportSummarySchema = reportSchema.omit({ content: true });

export const narrativeInputSchema = z.strictObject({
  text: text(50_000),
  /**
   * The report version being edited. A submitted version never changes (409); without it, the
   * edit goes to the current draft, and makes a new draft when the latest version was submitted.
   */
  version: z.int().min(1).optional(),
});

export const narrativeRevisionSchema = z.strictObject({
  objective: objectiveSchema,
  revision: z.int().min(1),
  text: z.string(),
  writtenAt: instantSchema,
  writtenBy: actorSchema,
});

/** TSB's number for a TD, e.g. `T25-SG17-270118-TD-GEN-0123`. */
export const tdNumberSchema = z
  .string()
  .regex(
    /^T\d{2}-(SG\d{1,2}|TSAG)-\d{6}-TD-[A-Z0-9]{2,12}-\d{3,5}$/,
    'a TD number as TSB writes it, e.g. "T25-SG17-270118-TD-GEN-0123"',
  );

export const acknowledgementSchema = z.strictObject({
  /** The number TSB gave the submitted report's TD (required for a report compiled here). */
  tdNumber: tdNumberSchema.optional(),
});

export const documentFormatSchema = z.enum(['docx', 'md']);

export const reportFileSchema = z.strictObject({
  fileName: z.string(),
  contentType: z.string(),
  /** The document, base64. */
  base64: z.string(),
  sha256: z.string(),
});
