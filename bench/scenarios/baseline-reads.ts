import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { keyIsValid } from './baseline-auth';

/**
 * The API-reads baseline: one Fastify process doing what the API's path does, straight through
 * `pg`: look the key up by id and compare its secret's hash, then read the group's meetings.
 * No queues, no services: what this machine can do for the same read.
 */
export async function startBaselineReads(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const app: FastifyInstance = Fastify({ logger: false });
  app.get<{ Params: { groupId: string } }>('/v1/groups/:groupId/meetings', async (request, reply) => {
    if (!(await keyIsValid(pool, request.headers.authorization)))
      return reply.code(401).send({ title: 'Unauthenticated' });
    const meetings = await pool.query('SELECT * FROM meetings.meetings WHERE group_id = $1 ORDER BY starts_at', [
      request.params.groupId,
    ]);
    return { items: meetings.rows };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
