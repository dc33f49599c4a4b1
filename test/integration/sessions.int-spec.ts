import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Participant } from '@jcg/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { findPart, parseMime, textOf } from '../support/mime';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface SessionAnswer {
  principal: { kind: string; participantId?: string; groupId?: string };
  session: { expiresAt: string; csrfToken: string } | null;
}

/**
 * Sign-in by e-mail link: the link taken from the SMTP server, used once within 15 minutes, a
 * session cookie that speaks for the participant as their key would, CSRF on every change,
 * sign-out and revocation at once, and the same answer for any address.
 */
describe('sign-in by e-mail link and browser sessions', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let scene: Awaited<ReturnType<MembershipCast['scene']>>;

  beforeAll(async () => {
    env = await createTestEnvironment('sessions');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, publicUrl: 'http://127.0.0.1:3000' } },
    });
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    scene = await cast.scene();
    // notifications knows the participant (its roster follows membership's events).
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<unknown[]>('SELECT 1 FROM notifications.roster WHERE participant_id = $1', [scene.participant.id])
        ).length === 1,
      'the roster',
    );
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  /** Asks for a link and takes it from the mail. */
  async function link(email = scene.participant.email): Promise<string> {
    const before = sink.messages.length;
    const asked = await http.post('/v1/session/link', { email }, undefined);
    expect(asked.status).toBe(202);
    const mail = await waitFor(
      () => sink.messages.slice(before).find((m) => m.envelopeTo.includes(email.toLowerCase())),
      'the sign-in mail',
    );
    const text = textOf(findPart(parseMime(mail.raw), 'text/plain')!);
    // The token travels in the fragment: never sent to a server, so never in an access log.
    const token = /\/sign-in#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  /** Another active participant of the group, known to notifications (links are per address, at most 5 per 15 minutes). */
  async function someone(): Promise<Participant> {
    const person = await cast.participant(scene.group.id, scene.organization.id);
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<unknown[]>(`SELECT 1 FROM notifications.roster WHERE participant_id = $1 AND status = 'active'`, [
              person.id,
            ])
        ).length === 1,
      'the roster',
    );
    return person;
  }

  async function signIn(token: string) {
    const answer = await http.post<SessionAnswer>('/v1/session', { token }, undefined);
    const cookie = /jcg_session=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
    return { answer, cookie: cookie ?? '' };
  }

  const withSession = (cookie: string, csrf?: string) => ({ cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  const sessionStatus = async (cookie: string) =>
    (await http.call('GET', '/v1/session', { headers: withSession(cookie) })).status;
  const participantPath = (id = scene.participant.id) => `/v1/groups/${scene.group.id}/participants/${id}`;

  it('answers the same for a known and an unknown address, and mails a link only to the known one', async () => {
    const known = await http.post('/v1/session/link', { email: scene.participant.email.toUpperCase() }, undefined);
    const unknown = await http.post('/v1/session/link', { email: 'nobody.at.all@example.org' }, undefined);
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.text).toBe(unknown.text);
    await waitFor(() => sink.messages.some((m) => m.envelopeTo.includes(scene.participant.email)), 'the mail');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages.some((m) => m.envelopeTo.includes('nobody.at.all@example.org'))).toBe(false);
  });

  it('signs in with the link once; the session speaks for the participant, and every change needs its CSRF token', async () => {
    const token = await link();
    const page = await http.call('GET', '/sign-in');
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const { answer, cookie } = await signIn(token);
    expect(answer.status).toBe(201);
    expect(answer.body.principal).toMatchObject({ kind: 'participant', participantId: scene.participant.id });
    const setCookie = answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // a loopback host: development over http
    const csrf = answer.body.session!.csrfToken;

    // Once mailed, the token is kept nowhere in clear (the row is marked sent just after SMTP took it).
    const db = notifications.get(DataSource);
    const stored = async () =>
      JSON.stringify(await db.query(`SELECT * FROM notifications.deliveries WHERE kind = 'sign-in-link'`)) +
      JSON.stringify(await db.query('SELECT * FROM notifications.sign_in_links'));
    await waitFor(async () => !(await stored()).includes(token), 'the token gone from the mail row');
    expect(await stored()).toContain(sha256(token));

    // Used once: the same link again is refused.
    const again = await signIn(token);
    expect([again.answer.status, (again.answer.body as unknown as { code: string }).code]).toEqual([
      401,
      'SIGN_IN_LINK_INVALID',
    ]);

    const current = await http.call<SessionAnswer>('GET', '/v1/session', { headers: withSession(cookie) });
    expect(current.status).toBe(200);
    expect(current.body.session?.csrfToken).toBe(csrf);
    expect((await http.call('GET', participantPath(), { headers: withSession(cookie) })).status).toBe(200);

    // A change without the token, or with another, is refused and changes nothing.
    const patch = { timeZone: 'Asia/Tokyo' };
    for (const headers of [withSession(cookie), withSession(cookie, 'x'.repeat(43))]) {
      const refused = await http.call<{ code: string }>('PATCH', participantPath(), { headers, body: patch });
      expect([refused.status, refused.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    }
    expect((await http.get<Participant>(participantPath(), cast.adminKey)).body.timeZone).toBe('Europe/Zurich');
    const done = await http.call<Participant>('PATCH', participantPath(), {
      headers: withSession(cookie, csrf),
      body: patch,
    });
    expect([done.status, done.body.timeZone]).toEqual([200, 'Asia/Tokyo']);
    // The same roles as the participant's key: not an administrator's routes.
    expect((await http.call('GET', '/v1/api-keys', { headers: withSession(cookie) })).status).toBe(403);

    // Sign-out ends it at once.
    const out = await http.call<{ revoked: number }>('POST', '/v1/session/sign-out', {
      headers: withSession(cookie, csrf),
    });
    expect([out.status, out.body.revoked]).toEqual([200, 1]);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('refuses a link past its 15 minutes', async () => {
    const person = await someone();
    const token = await link(person.email);
    await notifications
      .get(DataSource)
      .query(
        `UPDATE notifications.sign_in_links SET expires_at = now() - interval '1 second' WHERE participant_id = $1`,
        [person.id],
      );
    expect((await signIn(token)).answer.status).toBe(401);
  });

  it('ends every session of a participant at once when an administrator revokes them, and bars the links mailed before', async () => {
    const person = await someone();
    const first = await signIn(await link(person.email));
    const second = await signIn(await link(person.email));
    const unused = await link(person.email);
    for (const s of [first, second]) expect(await sessionStatus(s.cookie)).toBe(200);
    const revoked = await http.call<{ revoked: number }>('DELETE', `${participantPath(person.id)}/sessions`, {
      key: cast.adminKey,
    });
    expect([revoked.status, revoked.body.revoked]).toEqual([200, 2]);
    for (const s of [first, second]) expect(await sessionStatus(s.cookie)).toBe(401);
    // A link still in the mailbox from before opens no new session; a new one does.
    expect((await signIn(unused)).answer.status).toBe(401);
    expect((await signIn(await link(person.email))).answer.status).toBe(201);
  });

  it('ends the sessions when an administrator changes the address (nobody else may), and when the participant leaves', async () => {
    const person = await someone();
    const session = await signIn(await link(person.email));
    const csrf = session.answer.body.session!.csrfToken;
    // Neither the participant themself nor a co-convenor: the address is how one signs in.
    const self = await http.call('PATCH', participantPath(person.id), {
      headers: withSession(session.cookie, csrf),
      body: { email: 'thief@example.org' },
    });
    expect(self.status).toBe(403);
    const convenor = await http.call('PATCH', participantPath(person.id), {
      key: scene.convenorKey,
      body: { email: 'thief@example.org' },
    });
    expect(convenor.status).toBe(403);
    const moved = await http.call('PATCH', participantPath(person.id), {
      key: cast.adminKey,
      body: { email: `moved.${Date.now()}@example.org` },
    });
    expect(moved.status).toBe(200);
    expect(await sessionStatus(session.cookie)).toBe(401);

    const other = await someone();
    const theirs = await signIn(await link(other.email));
    expect(await sessionStatus(theirs.cookie)).toBe(200);
    await http.post(`${participantPath(other.id)}/leave`, {}, cast.adminKey);
    expect(await sessionStatus(theirs.cookie)).toBe(401);
  });

  it('mails at most 5 links to one address in 15 minutes, however often it is asked', async () => {
    const person = await someone();
    for (let i = 0; i < 7; i++) {
      expect((await http.post('/v1/session/link', { email: person.email }, undefined)).status).toBe(202);
    }
    const mine = () => sink.messages.filter((m) => m.envelopeTo.includes(person.email));
    await waitFor(() => mine().length >= 5, 'five mails');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mine()).toHaveLength(5);
  });
});
