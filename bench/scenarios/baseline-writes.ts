import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { keyIsValid } from './baseline-auth';

/** The baseline: the key check and the same row inserted straight through `pg` by one Fastify process. */
export async function startBaselineWrites(
  databaseUrl: string,
  template: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
  app.post('/v1/groups/:groupId/meetings', async (request, reply) => {
    if (!(await keyIsValid(pool, request.headers.authorization)))
      return reply.code(401).send({ title: 'Unauthenticated' });
    const id = randomUUID();
    await pool.query(
      `INSERT INTO meetings.meetings
       SELECT (jsonb_populate_record(NULL::meetings.meetings,
               to_jsonb(m) || jsonb_build_object('id', $1::uuid, 'calendar_uid', $1::text || '@bench'))).*
         FROM meetings.meetings m WHERE m.id = $2`,
      [id, template],
    );
    return reply.code(201).send({ id });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: async () => (await app.close(), await pool.end()) };
}
