import { z } from 'zod';
import { instantSchema, text } from '../common.schema.js';
import { participantRoleSchema, participantStatusSchema } from './participant.schema.js';

export const apiKeyOwnerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin') }),
  z.strictObject({ kind: z.literal('integrator'), integrator: z.literal('tsb') }),
  z.strictObject({ kind: z.literal('participant'), participantId: z.uuid() }),
]);
export type ApiKeyOwner = z.infer<typeof apiKeyOwnerSchema>;

/** What is kept of a key: never the key itself, only a hash of its secret part. */
export const apiKeySchema = z.strictObject({
  id: z.uuid(),
  label: text(100),
  owner: apiKeyOwnerSchema,
  createdAt: instantSchema,
  lastUsedAt: instantSchema.nullable(),
  revokedAt: instantSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** Who a valid key speaks for. */
export const principalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin'), keyId: z.uuid() }),
  z.strictObject({ kind: z.literal('integrator'), keyId: z.uuid(), integrator: z.literal('tsb') }),
  z.strictObject({
    kind: z.literal('participant'),
    keyId: z.uuid(),
    participantId: z.uuid(),
    groupId: z.uuid(),
    role: participantRoleSchema,
    status: participantStatusSchema,
  }),
]);
export type Principal = z.infer<typeof principalSchema>;

/** A SHA-256 of the key's secret part, hex. The key itself never leaves the API. */
export const secretHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');
