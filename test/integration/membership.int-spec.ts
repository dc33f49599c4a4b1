import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { ConvenorAppointment, Group, Participant, TorVersion } from '@jcg/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { IdempotencyJanitor } from '../../apps/api/src/idempotency/idempotency.interceptor';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

describe('membership through the API (R1, R2, R7, R8)', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let membership: NestFastifyApplication;
  let notifications: NestFastifyApplication;
  let api: NestFastifyApplication;
  let http: Http;
  let cast: MembershipCast;
  let admin: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('membership');
    system = new TestSystem(env);
    const logs = { write: (line: string) => void logLines.push(line) };
    membership = await system.start('membership', { logs, logLevel: 'trace' });
    notifications = await system.start('notifications', { logs, logLevel: 'trace' });
    api = await system.start('api', { logs, logLevel: 'trace' });
    http = Http.of(api);
    admin = await createKey(membership, { kind: 'admin' });
    cast = new MembershipCast(http, admin);
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  const db = () => membership.get(DataSource);
  const jcgIotSec = async (): Promise<Group> =>
    (await http.get<{ items: Group[] }>('/v1/groups', admin)).body.items.find((g) => g.acronym === 'JCG-IoTSec')!;
  const count = async (table: string) =>
    (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM membership.${table}`))[0].n;

  describe('R1 eligibility', () => {
    it('refuses an organization that participates only in SG13 (422, with the study groups that qualify, nothing stored); admits one in SG20', async () => {
      const group = await jcgIotSec();
      const sg13 = await cast.organization(['SG13'], 'Only Thirteen Ltd');
      const before = await count('group_organizations');

      const refused = await http.post(`/v1/groups/${group.id}/organizations`, { organizationId: sg13.id }, admin);
      expect(refused.status).toBe(422);
      expect(refused.contentType).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        status: 422,
        code: 'ORGANIZATION_NOT_ELIGIBLE',
        detail:
          'Only Thirteen Ltd does not participate in any study group of JCG-IoTSec; it qualifies by participating in SG17 or SG20.',
        qualifyingStudyGroups: ['SG17', 'SG20'],
      });
      expect(await count('group_organizations')).toBe(before);

      const sg20 = await cast.organization(['SG20'], 'Twenty Telecom');
      const admitted = await http.post(`/v1/groups/${group.id}/organizations`, { organizationId: sg20.id }, admin);
      expect(admitted.status).toBe(201);
      expect(await count('group_organizations')).toBe(before + 1);
      const person = await cast.participant(group.id, sg20.id, 'Ada Twenty');
      expect(person).toMatchObject({ status: 'active', role: 'participant', organizationId: sg20.id });
    });

    it('suspends every participant when the organization stops participating in SG17 and SG20, once each, and restores them', async () => {
      const groupA = await cast.group();
      const groupB = await cast.group();
      const org = await cast.organization(['SG17', 'SG20']);
      await cast.admit(groupA.id, org.id);
      await cast.admit(groupB.id, org.id);
      const people = [
        await cast.participant(groupA.id, org.id),
        await cast.participant(groupA.id, org.id),
        await cast.participant(groupB.id, org.id),
      ];
      const leaver = await cast.participant(groupA.id, org.id);
      expect((await http.post(`/v1/groups/${groupA.id}/participants/${leaver.id}/leave`, {}, admin)).status).toBe(200);
      const events = async (type: string) =>
        (
          await db().query<{ id: string }[]>(
            `SELECT envelope->'data'->>'id' AS id FROM membership.outbox WHERE type = $1`,
            [type],
          )
        )
          .map((r) => r.id)
          .filter((id) => [...people, leaver].some((p) => p.id === id))
          .sort();

      const lost = await http.call('PUT', `/v1/organizations/${org.id}/participation`, {
        key: admin,
        body: { studyGroups: ['SG13'] },
      });
      expect(lost.status).toBe(200);
      const statuses = async () =>
        Promise.all(
          [...people, leaver].map(
            async (p) =>
              (await http.get<Participant>(`/v1/groups/${p.groupId}/participants/${p.id}`, admin)).body.status,
          ),
        );
      expect(await statuses()).toEqual(['suspended', 'suspended', 'suspended', 'left']);
      expect(await events('participant.suspended')).toEqual(people.map((p) => p.id).sort());
      // R8: the roster (the mailing list) leaves them out; notifications learns it too.
      expect((await http.get<{ items: unknown[] }>(`/v1/groups/${groupA.id}/roster.json`, admin)).body.items).toEqual(
        [],
      );
      await waitFor(async () => {
        const rows = await notifications
          .get(DataSource)
          .query<{ status: string }[]>('SELECT status FROM notifications.roster WHERE participant_id = ANY($1)', [
            people.map((p) => p.id),
          ]);
        return rows.length === 3 && rows.every((r) => r.status === 'suspended');
      }, 'notifications to see the suspensions');

      // The same again changes nothing and tells nobody twice.
      await http.call('PUT', `/v1/organizations/${org.id}/participation`, {
        key: admin,
        body: { studyGroups: ['SG13', 'SG16'] },
      });
      expect(await events('participant.suspended')).toEqual(people.map((p) => p.id).sort());

      const regained = await http.call('PUT', `/v1/organizations/${org.id}/participation`, {
        key: admin,
        body: { studyGroups: ['SG20'] },
      });
      expect(regained.status).toBe(200);
      expect(await statuses()).toEqual(['active', 'active', 'active', 'left']);
      expect(await events('participant.restored')).toEqual(people.map((p) => p.id).sort());
      expect(await count('participants')).toBeGreaterThanOrEqual(4);
    });
  });

  describe('R2 co-convenors', () => {
    it('replaces the SG17 co-convenor with a new appointment; the history shows both', async () => {
      const group = await cast.group();
      const org = await cast.organization(['SG17']);
      await cast.admit(group.id, org.id);
      const first = await cast.participant(group.id, org.id, 'Bret First');
      const second = await cast.participant(group.id, org.id, 'Wei Second');
      await cast.appoint(group.id, 'SG17', first.id, '2025-05-30', 'SG17-R-0001');
      await cast.appoint(group.id, 'SG17', second.id, '2026-09-15', 'SG17-R-0042');

      const history = (await http.get<{ items: ConvenorAppointment[] }>(`/v1/groups/${group.id}/convenors`, admin)).body
        .items;
      expect(history.map(({ id: _id, replacedBy: _r, groupId: _g, ...rest }) => rest)).toEqual([
        {
          studyGroup: 'SG17',
          participantId: first.id,
          participantName: 'Bret First',
          appointedOn: '2025-05-30',
          reference: 'SG17-R-0001',
          endedOn: '2026-09-15',
        },
        {
          studyGroup: 'SG17',
          participantId: second.id,
          participantName: 'Wei Second',
          appointedOn: '2026-09-15',
          reference: 'SG17-R-0042',
          endedOn: null,
        },
      ]);
      expect(history[0].replacedBy).toBe(history[1].id);
      const role = async (p: Participant) =>
        (await http.get<Participant>(`/v1/groups/${group.id}/participants/${p.id}`, admin)).body.role;
      expect(await role(first)).toBe('participant');
      expect(await role(second)).toBe('co-convenor');

      const wrongSg = await http.post(
        `/v1/groups/${group.id}/convenors`,
        { studyGroup: 'SG13', participantId: first.id, appointedOn: '2026-10-01', reference: 'X' },
        admin,
      );
      expect(wrongSg.status).toBe(422);
      expect(wrongSg.body).toMatchObject({ code: 'NOT_A_PARTICIPATING_STUDY_GROUP' });
    });
  });

  describe('R7 Terms of Reference and lifecycle', () => {
    it('takes a revision from draft to sent to approved; it becomes current and older versions stay readable', async () => {
      const scene = await cast.scene();
      const g = scene.group.id;
      const proposal = {
        summary: 'Add objective (e)',
        text: 'Revised terms of reference.',
        objectives: [
          { key: 'a', text: 'Review' },
          { key: 'e', text: 'Track gaps' },
        ],
      };
      const draft = await http.post<TorVersion>(`/v1/groups/${g}/tor`, proposal, scene.convenorKey);
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ version: 2, status: 'draft', proposedBy: scene.convenor.id });
      expect(
        (
          await http.post(
            `/v1/groups/${g}/tor/2/decision`,
            { decision: 'approved', decidedOn: '2026-11-20', reference: 'TSAG-R5' },
            admin,
          )
        ).body,
      ).toMatchObject({
        code: 'TOR_WRONG_STATUS',
      });
      expect((await http.post<TorVersion>(`/v1/groups/${g}/tor/2/send`, {}, scene.convenorKey)).body.status).toBe(
        'sent',
      );
      const decided = await http.post<TorVersion>(
        `/v1/groups/${g}/tor/2/decision`,
        { decision: 'approved', decidedOn: '2026-11-20', reference: 'TSAG-R5' },
        admin,
      );
      expect(decided.body).toMatchObject({ status: 'approved', decidedOn: '2026-11-20', decisionReference: 'TSAG-R5' });
      expect((await http.get<Group>(`/v1/groups/${g}`, admin)).body.currentTorVersion).toBe(2);
      const versions = (await http.get<{ items: TorVersion[] }>(`/v1/groups/${g}/tor`, scene.participantKey)).body
        .items;
      expect(versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'approved'],
        [2, 'approved'],
      ]);
      expect((await http.get<TorVersion>(`/v1/groups/${g}/tor/1`, scene.participantKey)).body.text).toBe(
        `Terms of reference of ${scene.group.acronym}.`,
      );
    });

    it('records an extension, then the conclusion; a concluded group takes no new decisions and the services learn it', async () => {
      const scene = await cast.scene();
      const g = scene.group.id;
      const extension = await http.post(
        `/v1/groups/${g}/extensions`,
        { decidedOn: '2026-10-01', reference: 'TSAG-R7', until: '2027-12-31', studyGroupInput: ['SG17', 'SG20'] },
        admin,
      );
      expect(extension.status).toBe(201);
      const conclusion = await http.post(
        `/v1/groups/${g}/conclusion`,
        { decidedOn: '2027-02-01', reference: 'TSAG-R9' },
        admin,
      );
      expect(conclusion.status).toBe(201);
      expect((await http.get<Group>(`/v1/groups/${g}`, admin)).body.status).toBe('concluded');
      const decisions = (
        await http.get<{ items: { kind: string; reference: string }[] }>(
          `/v1/groups/${g}/decisions`,
          scene.participantKey,
        )
      ).body.items;
      expect(decisions.map((d) => [d.kind, d.reference])).toEqual([
        ['extension', 'TSAG-R7'],
        ['conclusion', 'TSAG-R9'],
      ]);
      const again = await http.post(
        `/v1/groups/${g}/conclusion`,
        { decidedOn: '2027-02-02', reference: 'TSAG-R10' },
        admin,
      );
      expect(again.status).toBe(409);
      const org = await cast.organization(['SG17']);
      expect((await http.post(`/v1/groups/${g}/organizations`, { organizationId: org.id }, admin)).body).toMatchObject({
        status: 409,
        code: 'GROUP_CONCLUDED',
      });
      await waitFor(
        async () =>
          (
            await notifications
              .get(DataSource)
              .query<{ status: string }[]>('SELECT status FROM notifications.known_groups WHERE id = $1', [g])
          )[0]?.status === 'concluded',
        'notifications to learn of the conclusion',
      );
    });
  });

  describe('participants', () => {
    it('keeps e-mail addresses unique per group whatever their case, lets a participant leave, and keeps the record', async () => {
      const scene = await cast.scene();
      const g = scene.group.id;
      const clash = await http.post(
        `/v1/groups/${g}/participants`,
        {
          organizationId: scene.organization.id,
          name: 'Twin',
          email: scene.participant.email.toUpperCase(),
          timeZone: 'Asia/Tokyo',
        },
        admin,
      );
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'EMAIL_TAKEN' });

      const changed = await http.call<Participant>('PATCH', `/v1/groups/${g}/participants/${scene.participant.id}`, {
        key: scene.participantKey,
        body: { timeZone: 'America/New_York' },
      });
      expect(changed.body).toMatchObject({ timeZone: 'America/New_York' });

      const left = await http.post<Participant>(
        `/v1/groups/${g}/participants/${scene.participant.id}/leave`,
        {},
        scene.participantKey,
      );
      expect(left.body).toMatchObject({ status: 'left', leftAt: expect.any(String) });
      // Leaving revokes the participant's keys at once.
      expect((await http.get('/v1/me', scene.participantKey)).status).toBe(401);
      const listed = (await http.get<{ items: Participant[] }>(`/v1/groups/${g}/participants?status=left`, admin)).body
        .items;
      expect(listed.map((p) => p.id)).toEqual([scene.participant.id]);
      // The address is free again for a new registration; the history keeps both.
      const back = await http.post(
        `/v1/groups/${g}/participants`,
        { organizationId: scene.organization.id, name: 'Returning', email: scene.participant.email, timeZone: 'UTC' },
        admin,
      );
      expect(back.status).toBe(201);
    });

    it('pages through participants with a cursor and filters by role and organization', async () => {
      const group = await cast.group();
      const [orgA, orgB] = [await cast.organization(['SG17']), await cast.organization(['SG20'])];
      await cast.admit(group.id, orgA.id);
      await cast.admit(group.id, orgB.id);
      const created: Participant[] = [];
      for (let i = 0; i < 5; i++)
        created.push(
          await cast.participant(
            group.id,
            i < 3 ? orgA.id : orgB.id,
            `Pager ${i}`,
            i === 4 ? 'observer' : 'participant',
          ),
        );

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Participant[]; nextCursor: string | null } = (
          await http.get<{ items: Participant[]; nextCursor: string | null }>(
            `/v1/groups/${group.id}/participants?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            admin,
          )
        ).body;
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(created.map((p) => p.id));
      const byOrg = (
        await http.get<{ items: Participant[] }>(`/v1/groups/${group.id}/participants?organizationId=${orgB.id}`, admin)
      ).body.items;
      expect(byOrg.map((p) => p.name)).toEqual(['Pager 3', 'Pager 4']);
      const observers = (
        await http.get<{ items: Participant[] }>(`/v1/groups/${group.id}/participants?role=observer`, admin)
      ).body.items;
      expect(observers.map((p) => p.name)).toEqual(['Pager 4']);
      expect((await http.get(`/v1/groups/${group.id}/participants?cursor=bogus`, admin)).body).toMatchObject({
        status: 400,
        code: 'INVALID_CURSOR',
      });
    });

    it('exports the roster of the mailing list as CSV and JSON', async () => {
      const scene = await cast.scene();
      const csv = await http.get(`/v1/groups/${scene.group.id}/roster.csv`, scene.convenorKey);
      expect(csv.status).toBe(200);
      expect(csv.contentType).toBe('text/csv; charset=utf-8');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe('name,email,organization,role,timeZone');
      expect(lines.slice(1).sort()).toEqual(
        [
          `${scene.participant.name},${scene.participant.email},${scene.organization.name},participant,Europe/Zurich`,
          `${scene.convenor.name},${scene.convenor.email},${scene.organization.name},co-convenor,Europe/Zurich`,
        ].sort(),
      );
      const json = await http.get<{ group: string; mailingList: string; items: unknown[] }>(
        `/v1/groups/${scene.group.id}/roster.json`,
        admin,
      );
      expect(json.body).toMatchObject({ group: scene.group.acronym, mailingList: scene.group.mailingList });
      expect(json.body.items).toHaveLength(2);
    });
  });

  describe('API keys', () => {
    it('never stores or logs a key in clear, and refuses a revoked key at once', async () => {
      const created = await http.post<{ key: string; apiKey: { id: string } }>(
        '/v1/api-keys',
        { label: 'TSB integration', owner: { kind: 'integrator', integrator: 'tsb' } },
        admin,
      );
      expect(created.status).toBe(201);
      const { key, apiKey } = created.body;
      // The secret is everything after `jcg_<32 hex>_`; base64url may itself hold '_' or '-'.
      const secret = /^jcg_[0-9a-f]{32}_(.{43})$/.exec(key)?.[1] ?? '';
      expect(secret).toHaveLength(43);
      expect((await http.get('/v1/organizations', key)).status).toBe(200);

      // Not in Postgres: every membership table, as text.
      const tables = await db().query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'membership'`,
      );
      for (const { table_name } of tables) {
        const dump = JSON.stringify(await db().query(`SELECT * FROM membership."${table_name}"`));
        expect(dump).not.toContain(secret);
      }
      // Not in Redis: every job, result and event stream of this test's queues.
      const redis = new Redis(env.redisUrl);
      try {
        const keys = await redis.keys(`${env.queuePrefix}:*`);
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) {
          const type = await redis.type(k);
          const value =
            type === 'hash'
              ? await redis.hgetall(k)
              : type === 'stream'
                ? await redis.xrange(k, '-', '+')
                : type === 'string'
                  ? await redis.get(k)
                  : type === 'list'
                    ? await redis.lrange(k, 0, -1)
                    : type === 'set'
                      ? await redis.smembers(k)
                      : await redis.zrange(k, '0', '-1');
          expect(JSON.stringify(value)).not.toContain(secret);
        }
      } finally {
        redis.disconnect();
      }
      // Not in the logs of any service (traced at the most verbose level).
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('')).not.toContain(secret);

      const listed = await http.get<{ items: Record<string, unknown>[] }>('/v1/api-keys', admin);
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(listed.body.items.find((k) => k.id === apiKey.id)).toMatchObject({
        label: 'TSB integration',
        lastUsedAt: expect.any(String),
        revokedAt: null,
      });

      expect((await http.call('DELETE', `/v1/api-keys/${apiKey.id}`, { key: admin })).status).toBe(200);
      const refused = await http.get('/v1/organizations', key);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses a key with a wrong secret, and one that is not a key at all', async () => {
      const tampered = admin.slice(0, -4) + (admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await http.get('/v1/me', tampered)).status).toBe(401);
      expect((await http.get('/v1/me', 'not-a-key')).status).toBe(401);
      const me = await http.call('GET', '/v1/me', { key: admin, headers: { 'x-correlation-id': 'corr-log-1' } });
      expect(me.body).toMatchObject({ kind: 'admin' });
      // Every request leaves one JSON line in the API's log, with its correlation id.
      await waitFor(
        () =>
          logLines.some(
            (l) =>
              l.includes('"msg":"request"') &&
              l.includes('"path":"/v1/me"') &&
              l.includes('"correlationId":"corr-log-1"'),
          ) || undefined,
        'the request line',
      );
      const line = JSON.parse(
        logLines.find((l) => l.includes('"correlationId":"corr-log-1"') && l.includes('"msg":"request"'))!,
      ) as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 'info',
        service: 'api',
        context: 'Http',
        method: 'GET',
        path: '/v1/me',
        status: 200,
        correlationId: 'corr-log-1',
      });
    });
  });

  describe('Idempotency-Key on POST', () => {
    const post = (path: string, body: unknown, key: string, idempotencyKey: string) =>
      http.call<Record<string, unknown>>('POST', path, { key, body, headers: { 'idempotency-key': idempotencyKey } });

    it('answers a repeated request with the first answer, without doing it twice', async () => {
      const body = { name: 'Idempotent Org', category: 'academia', studyGroups: ['SG17'] };
      const first = await post('/v1/organizations', body, admin, 'create-idempotent-org');
      const second = await post('/v1/organizations', body, admin, 'create-idempotent-org');
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const [row] = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM membership.organizations WHERE name = 'Idempotent Org'`,
      );
      expect(row.n).toBe(1);

      const reused = await post('/v1/organizations', { ...body, name: 'Another Org' }, admin, 'create-idempotent-org');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      // Keys belong to the caller: another key's same Idempotency-Key is a new request.
      const tsb = await cast.key({ kind: 'integrator', integrator: 'tsb' });
      expect((await post('/v1/organizations', { ...body, name: 'TSB Org' }, tsb, 'create-idempotent-org')).status).toBe(
        201,
      );
    });

    it('replays a refusal too, and refuses a malformed key', async () => {
      const group = await jcgIotSec();
      const org = await cast.organization(['SG13']);
      const first = await post(`/v1/groups/${group.id}/organizations`, { organizationId: org.id }, admin, 'admit-13');
      const again = await post(`/v1/groups/${group.id}/organizations`, { organizationId: org.id }, admin, 'admit-13');
      expect([first.status, again.status]).toEqual([422, 422]);
      expect(again.body).toMatchObject({ code: 'ORGANIZATION_NOT_ELIGIBLE' });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const bad = await post(
        '/v1/organizations',
        { name: 'X', category: 'academia', studyGroups: [] },
        admin,
        'has spaces',
      );
      expect(bad.body).toMatchObject({ status: 400, code: 'INVALID_IDEMPOTENCY_KEY' });
    });

    it('forgets answers after a day', async () => {
      const apiDb = api.get(DataSource);
      await apiDb.query(
        `INSERT INTO api.idempotency_keys (principal, key, method, path, request_hash, status, response, created_at) VALUES ('p', 'old', 'POST', '/x', 'h', 201, '{}', now() - interval '25 hours')`,
      );
      expect(await api.get(IdempotencyJanitor).prune()).toBeGreaterThanOrEqual(1);
      const left = await apiDb.query<{ key: string }[]>(
        `SELECT key FROM api.idempotency_keys WHERE key IN ('old', 'create-idempotent-org')`,
      );
      expect(left.map((r) => r.key)).toEqual(['create-idempotent-org', 'create-idempotent-org']);
    });
  });

  describe('the seeded JCG-IoTSec group', () => {
    const torText = readFileSync(
      path.resolve(__dirname, '../../docs/reference/jcg-iotsec-terms-of-reference.txt'),
      'utf8',
    );
    const line = (prefix: RegExp) => torText.split('\n').find((l) => prefix.test(l)) ?? '';

    it('matches the Terms of Reference field by field', async () => {
      const group = await jcgIotSec();
      // Title and acronym: "... Joint Correspondence Group on IoT Security (JCG-IoTSec)"
      const [, title, acronym] = /ITU-T (Joint Correspondence Group on IoT Security) \((JCG-IoTSec)\)/.exec(torText)!;
      expect(group.title).toBe(title);
      expect(group.acronym).toBe(acronym);
      // "The parent entity of JCG-IoTSec is TSAG."
      expect(group.parentBody).toBe(/parent entity of JCG-IoTSec is (\w+)\./.exec(torText)![1]);
      // "open to organizations participating in ITU-T SG17 and SG20."
      const [, sgA, sgB] = /open to organizations participating in ITU-T (SG\d+) and (SG\d+)\./.exec(torText)!;
      expect(group.studyGroups).toEqual([sgA, sgB]);
      // "... through the dedicated mailing list jcgiotsec@lists.itu.int ..."
      expect(group.mailingList).toBe(/mailing list (\S+@\S+?) /.exec(torText)![1]);
      // "Meeting announcements, including the draft agenda, will be distributed via e-mail at least one week in advance."
      expect(line(/Meeting announcements/)).toContain('at least one week in advance');
      expect(group.announcementLeadDays).toBe(7);
      // "... virtual meetings as agreed upon": concurrence of the co-convenors (R3).
      expect(line(/virtual meetings as agreed upon/)).not.toBe('');
      expect(group.concurrenceRequired).toBe(true);
      expect(group.status).toBe('active');
      expect(group.currentTorVersion).toBe(1);

      const tor = (await http.get<TorVersion>(`/v1/groups/${group.id}/tor/1`, admin)).body;
      // "(TSAG-R1 ANNEX E; GENEVA, 2025-05-30)"
      const [, reference, approvedOn] = /\((TSAG-R1 ANNEX E); GENEVA, (\d{4}-\d{2}-\d{2})\)/.exec(torText)!;
      expect(tor.decisionReference?.toUpperCase()).toBe(reference);
      expect(tor.decidedOn).toBe(approvedOn);
      expect(tor.status).toBe('approved');
      expect(tor.text).toBe(torText.trim());
      // The scope objectives (a)-(d): the four bullets after "this deliberation would include:".
      const bullets = torText
        .split('this deliberation would include:')[1]
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .slice(0, 4)
        .map((l) => l.slice(2).replace(/(; and|;|\.)$/, ''));
      expect(tor.objectives).toEqual(bullets.map((text, i) => ({ key: 'abcd'[i], text })));
    });

    it('is seeded once, however often membership starts', async () => {
      const second = await system.start('membership', { instance: 'membership-2' });
      await system.stop(second);
      const groups = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM membership.groups WHERE acronym = 'JCG-IoTSec'`,
      );
      expect(groups[0].n).toBe(1);
      const versions = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM membership.tor_versions v JOIN membership.groups g ON g.id = v.group_id WHERE g.acronym = 'JCG-IoTSec'`,
      );
      expect(versions[0].n).toBe(1);
    });
  });
});
