import { z } from 'zod';
import { defineCommand, type CommandContract } from '../contract.js';
import { QUEUE_SERVICES, type QueueServiceName } from '../services.js';

export const readinessReportSchema = z.strictObject({
  service: z.string(),
  instance: z.string(),
  ready: z.boolean(),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
});
export type ReadinessReport = z.infer<typeof readinessReportSchema>;

export type ReadinessCheckName<S extends QueueServiceName = QueueServiceName> = `${S}.readiness.check`;

export function readinessCheckName<S extends QueueServiceName>(service: S): ReadinessCheckName<S> {
  return `${service}.readiness.check`;
}

function readinessCheck<S extends QueueServiceName>(service: S) {
  return defineCommand({
    kind: 'query',
    name: readinessCheckName(service),
    owner: service,
    description: `Answers whether ${service} can serve: it took the job, and reports its own checks.`,
    request: z.strictObject({}),
    response: readinessReportSchema,
  });
}

/** One readiness query per queue service: answering it proves the service consumes its queue. */
export const readinessChecks = Object.fromEntries(QUEUE_SERVICES.map((s) => [s, readinessCheck(s)])) as {
  [S in QueueServiceName]: CommandContract<
    ReadinessCheckName<S>,
    z.ZodObject<Record<string, never>>,
    typeof readinessReportSchema
  >;
};
