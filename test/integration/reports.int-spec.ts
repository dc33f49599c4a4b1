import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Obligation, OverlapMatrix, Report, WorkItem, WorkItemChange } from '@jcg/contracts';
import { FixedClock } from '@jcg/persistence';
import { blocksOf, headings, tables, createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { toPdf } from '../../apps/reporting/src/reports/render/to-pdf';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { parseMime, type MimeNode } from '../support/mime';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;
// An hour ahead of real time: the group (registered on real time) exists before anything the test clock dates.
const T0 = Date.now() + 3600_000;
const dateIn = (days: number) => new Date(T0 + days * DAY).toISOString().slice(0, 10);

const TOPICS: [string, string][] = [
  ['device-identity', 'Device identity'],
  ['secure-update', 'Secure update'],
  ['pki', 'PKI'],
  ['lightweight-crypto', 'Lightweight cryptography'],
  ['data-protection', 'Data protection'],
  ['smart-city-security', 'Smart city security'],
];

/** 12 items over 6 topics: overlaps on device identity and secure update, a gap on smart city security. */
const REGISTER_CSV = [
  'identifier,kind,title,studyGroup,status,statusDate,link,topics',
  'Q6/17,question,Security aspects of telecommunication services,SG17,under-study,2025-01-01,,device-identity;pki;secure-update',
  'X.1361,recommendation,Security framework for the IoT based on the gateway model,SG17,in-force,2018-09-07,https://www.itu.int/rec/T-REC-X.1361,device-identity',
  'X.509,recommendation,Public-key and attribute certificate frameworks,SG17,in-force,2019-10-14,,pki',
  'X.1362,recommendation,Simple encryption procedure for IoT environments,SG17,in-force,2017-03-30,,lightweight-crypto',
  'X.iotsec-4,draft,Security requirements for IoT device firmware update,SG17,under-study,2025-09-01,,secure-update',
  'X.1365,recommendation,Identity-based cryptography for IoT,SG17,in-force,2020-03-26,,pki',
  'Q16/20,question,Security and privacy of IoT and smart cities,SG20,under-study,2025-01-01,,device-identity;data-protection',
  'Y.4806,recommendation,Security capabilities supporting safety of the IoT,SG20,in-force,2017-11-29,,device-identity',
  'Y.4807,recommendation,Agility by design for IoT,SG20,in-force,2022-06-13,,secure-update',
  'Y.4459,recommendation,Digital entity architecture framework for IoT interoperability,SG20,in-force,2020-01-13,,data-protection',
  'Y.4500,recommendation,oneM2M security solutions,SG20,withdrawn,2024-01-01,,pki',
  'Y.IoT-sec-city,draft,"=HYPERLINK(""http://x"")",SG20,under-study,2026-01-01,,data-protection',
].join('\r\n');

/**
 * Reports (objectives (a)-(d)): the register with its history, the overlap matrix and the
 * demarcation, a compiled report as an ITU-T TD, its submission (mailed with the document) and
 * TSB's acknowledgement with a TD number. One clock drives meetings, agenda and reporting.
 */
describe('reports: the register, the overlap matrix, compiled reports, submission and acknowledgement', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let reporting: NestFastifyApplication;
  let tsbKey: string;
  const clock = new FixedClock(new Date(T0));

  beforeAll(async () => {
    env = await createTestEnvironment('reports');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    reporting = await system.start('reporting', { clock });
    await system.start('notifications', { clock, extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } } });
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  const ok = <T>(result: { status: number; body: T; text: string }, what: string, status = 200): T => {
    if (result.status !== status) throw new Error(`${what}: ${result.status} ${result.text}`);
    return result.body;
  };

  const scenes: Awaited<ReturnType<MembershipCast['scene']>>[] = [];
  async function scene() {
    const s = await cast.scene();
    scenes.push(s);
    await waitFor(
      async () => (await http.get(`/v1/groups/${s.group.id}/topics`, cast.adminKey)).status === 200,
      'reporting to know the group',
    );
    return s;
  }

  async function vocabulary(groupId: string, key: string): Promise<void> {
    for (const [topic, name] of TOPICS) {
      ok(await http.call('PUT', `/v1/groups/${groupId}/topics/${topic}`, { key, body: { name } }), `topic ${topic}`);
    }
  }

  const registerRows = async (groupId: string, query = '') =>
    (await http.get<{ items: WorkItem[] }>(`/v1/groups/${groupId}/work-items${query}`, cast.adminKey)).body.items;
  const changeCount = async (groupId: string) =>
    (await http.get<{ items: WorkItemChange[] }>(`/v1/groups/${groupId}/register/changes`, cast.adminKey)).body.items
      .length;

  it('keeps the register with its history: CSV import and export, the matrix, the register as of an earlier date', async () => {
    const s = await scene();
    await vocabulary(s.group.id, s.convenorKey);
    clock.set(new Date('2026-03-10T10:00:00Z'));
    const imported = await http.call('POST', `/v1/groups/${s.group.id}/work-items.csv`, {
      key: s.convenorKey,
      rawBody: REGISTER_CSV,
      headers: { 'content-type': 'text/csv' },
    });
    expect(ok(imported, 'import')).toEqual({ added: 12, changed: 0, unchanged: 0 });

    const matrix = (await http.get<OverlapMatrix>(`/v1/groups/${s.group.id}/overlap-matrix`, s.participantKey)).body;
    expect(matrix.studyGroups).toEqual(['SG17', 'SG20']);
    expect(matrix.rows).toHaveLength(6);
    const row = (key: string) => matrix.rows.find((r) => r.topic.key === key)!;
    expect(
      matrix.rows
        .filter((r) => r.overlap)
        .map((r) => r.topic.key)
        .sort(),
    ).toEqual(['device-identity', 'secure-update']);
    expect(matrix.rows.filter((r) => r.gap).map((r) => r.topic.key)).toEqual(['smart-city-security']);
    expect(row('device-identity').items).toEqual({ SG17: ['Q6/17', 'X.1361'], SG20: ['Q16/20', 'Y.4806'] });
    expect(row('pki').items).toEqual({ SG17: ['Q6/17', 'X.509', 'X.1365'], SG20: [] }); // Y.4500 withdrawn

    // Export is formula-safe; importing it back changes nothing.
    const exported = await http.get<string>(`/v1/groups/${s.group.id}/work-items.csv`, s.participantKey);
    expect(exported.contentType).toMatch(/^text\/csv/);
    expect(exported.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const again = await http.call('POST', `/v1/groups/${s.group.id}/work-items.csv`, {
      key: tsbKey,
      rawBody: exported.text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(ok(again, 're-import')).toEqual({ added: 0, changed: 0, unchanged: 12 });

    // Later, SG20 consents a new Recommendation on PKI: an overlap from then on.
    clock.set(new Date('2026-06-15T10:00:00Z'));
    const added = await http.post<WorkItem>(
      `/v1/groups/${s.group.id}/work-items`,
      {
        kind: 'recommendation',
        identifier: 'Y.4812',
        title: 'PKI for IoT devices',
        studyGroup: 'SG20',
        status: 'consented',
        statusDate: '2026-06-15',
        topics: ['pki'],
      },
      s.convenorKey,
    );
    const y4812 = ok(added, 'add', 201);
    const x1361 = (await registerRows(s.group.id)).find((i) => i.identifier === 'X.1361')!;
    const { id: _id, groupId: _g, version: _v, updatedAt: _u, ...values } = x1361;
    ok(
      await http.call('PUT', `/v1/groups/${s.group.id}/work-items/${x1361.id}`, {
        key: s.convenorKey,
        body: { ...values, status: 'withdrawn', statusDate: '2026-06-15' },
      }),
      'withdraw',
    );
    expect(
      (await http.get<OverlapMatrix>(`/v1/groups/${s.group.id}/overlap-matrix`, cast.adminKey)).body.rows.find(
        (r) => r.topic.key === 'pki',
      ),
    ).toMatchObject({ overlap: true });

    // As of 2026-03-31 the register and the matrix are as they stood then.
    const then = await registerRows(s.group.id, '?asOf=2026-03-31');
    expect(then.map((i) => i.identifier)).not.toContain('Y.4812');
    expect(then.find((i) => i.identifier === 'X.1361')).toMatchObject({ status: 'in-force', version: 1 });
    expect(then).toHaveLength(12);
    const matrixThen = (
      await http.get<OverlapMatrix>(`/v1/groups/${s.group.id}/overlap-matrix?asOf=2026-03-31`, cast.adminKey)
    ).body;
    expect(matrixThen.asOf).toBe('2026-03-31');
    expect(matrixThen.rows.find((r) => r.topic.key === 'pki')).toMatchObject({ overlap: false });
    expect(matrixThen.rows.find((r) => r.topic.key === 'device-identity')!.items.SG17).toEqual(['Q6/17', 'X.1361']);
    expect(await registerRows(s.group.id, '?asOf=2026-03-09')).toEqual([]);

    // Who, when, what: the history of X.1361.
    const history = (
      await http.get<{ items: WorkItemChange[] }>(`/v1/groups/${s.group.id}/work-items/${x1361.id}/history`, tsbKey)
    ).body.items;
    expect(history.map((h) => [h.change, h.actor, h.at, h.after?.status])).toEqual([
      ['added', `participant:${s.convenor.id}`, '2026-03-10T10:00:00.000Z', 'in-force'],
      ['changed', `participant:${s.convenor.id}`, '2026-06-15T10:00:00.000Z', 'withdrawn'],
    ]);
    expect(history[1].before?.status).toBe('in-force');

    // The demarcation line, with its history.
    ok(
      await http.call('PUT', `/v1/groups/${s.group.id}/demarcation/pki`, {
        key: s.convenorKey,
        body: { leadStudyGroup: 'SG17', rationale: 'PKI is SG17 work.' },
      }),
      'demarcation 1',
    );
    ok(
      await http.call('PUT', `/v1/groups/${s.group.id}/demarcation/pki`, {
        key: tsbKey,
        body: { leadStudyGroup: 'SG17', rationale: 'PKI is SG17 work; SG20 profiles it for IoT.' },
      }),
      'demarcation 2',
    );
    const lines = (
      await http.get<{ items: { revision: number; rationale: string; decidedBy: string }[] }>(
        `/v1/groups/${s.group.id}/demarcation/pki/history`,
        s.participantKey,
      )
    ).body.items;
    expect(lines.map((l) => [l.revision, l.decidedBy])).toEqual([
      [1, `participant:${s.convenor.id}`],
      [2, 'tsb'],
    ]);
    expect(
      (await http.get<OverlapMatrix>(`/v1/groups/${s.group.id}/overlap-matrix`, cast.adminKey)).body.rows.find(
        (r) => r.topic.key === 'pki',
      )!.demarcation,
    ).toMatchObject({ leadStudyGroup: 'SG17', revision: 2 });
    expect(y4812.version).toBe(1);
  });

  it('refuses bad input with the right 4xx and changes nothing', async () => {
    const s = await scene();
    await vocabulary(s.group.id, s.convenorKey);
    const before = await changeCount(s.group.id);
    const item = {
      kind: 'recommendation',
      identifier: 'X.1361',
      title: 'IoT gateway security',
      studyGroup: 'SG17',
      status: 'in-force',
      statusDate: '2018-09-07',
      topics: ['device-identity'],
    };
    const post = (body: unknown, key = s.convenorKey) =>
      http.post<{ code?: string; detail?: string }>(`/v1/groups/${s.group.id}/work-items`, body, key);

    const unknownTopic = await post({ ...item, topics: ['quantum'] });
    expect([unknownTopic.status, unknownTopic.body.code]).toEqual([422, 'UNKNOWN_TOPIC']);
    const wrongKind = await post({ ...item, kind: 'draft' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.detail).toContain('"X.1361" is not written as a draft');
    const wrongSg = await post({ ...item, kind: 'question', identifier: 'Q6/17', studyGroup: 'SG20' });
    expect([wrongSg.status, wrongSg.body.detail]).toEqual([
      400,
      expect.stringContaining('a Question of SG17, not of SG20'),
    ]);
    const outside = await post({ ...item, studyGroup: 'SG13' });
    expect([outside.status, outside.body.code]).toEqual([422, 'STUDY_GROUP_NOT_IN_GROUP']);
    const notConvenor = await post(item, s.participantKey);
    expect(notConvenor.status).toBe(403);
    const csv = await http.call<{ detail: string }>('POST', `/v1/groups/${s.group.id}/work-items.csv`, {
      key: s.convenorKey,
      rawBody: `${REGISTER_CSV.split('\r\n').slice(0, 3).join('\r\n')}\r\nY.1,question,Bad,SG20,under-study,2026-01-01,,`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(400);
    expect(csv.body.detail).toContain('line 4: identifier: "Y.1" is not written as a question');
    const csvTopic = await http.call<{ code: string }>('POST', `/v1/groups/${s.group.id}/work-items.csv`, {
      key: s.convenorKey,
      rawBody: `identifier,kind,title,studyGroup,status,statusDate,link,topics\r\nX.1361,recommendation,T,SG17,in-force,2018-09-07,,device-identity;quantum`,
      headers: { 'content-type': 'text/csv' },
    });
    expect([csvTopic.status, csvTopic.body.code]).toEqual([422, 'UNKNOWN_TOPIC']);
    const plain = await http.call('POST', `/v1/groups/${s.group.id}/work-items`, {
      key: s.convenorKey,
      rawBody: 'a,b',
      headers: { 'content-type': 'text/csv' },
    });
    expect(plain.status).toBe(415);
    expect(await changeCount(s.group.id)).toBe(before);
    expect(await registerRows(s.group.id)).toEqual([]);

    // Five writers add the same work item at once: one is added, the others are told it exists.
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => post(item)));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(racing.filter((r) => r.status === 409).every((r) => r.body.code === 'WORK_ITEM_EXISTS')).toBe(true);
    expect(await registerRows(s.group.id)).toHaveLength(1);
    expect(await changeCount(s.group.id)).toBe(before + 1);
  });

  it('compiles a report of the meetings held since the last one, submits it as a TD, and TSB numbers it', async () => {
    const s = await scene();
    await vocabulary(s.group.id, s.convenorKey);
    clock.set(new Date(T0));
    // Three organizations over two study groups; one person each attends.
    const sg17Org = await cast.organization(['SG17'], `Org17 ${T0}`);
    const sg20Org = await cast.organization(['SG20'], `Org20 ${T0}`);
    for (const org of [sg17Org, sg20Org]) await cast.admit(s.group.id, org.id);
    const p17 = await cast.participant(s.group.id, sg17Org.id);
    const p20 = await cast.participant(s.group.id, sg20Org.id);
    await http.call('POST', `/v1/groups/${s.group.id}/work-items.csv`, {
      key: s.convenorKey,
      rawBody: REGISTER_CSV,
      headers: { 'content-type': 'text/csv' },
    });

    /** A meeting at `days` from T0, announced at once, then held and recorded. */
    async function held(title: string, days: number, record: Record<string, unknown>): Promise<void> {
      clock.set(new Date(T0)); // proposed at least a week ahead (R4)
      const meeting = await cast.meeting(s, title, T0 + days * DAY, {
        joinDetails: { url: 'https://meet.example.int/j/1' },
      });
      await cast.draftAgenda(s.group.id, meeting.id);
      ok(
        await http.post(`/v1/groups/${s.group.id}/meetings/${meeting.id}/announcement`, {}, s.convenorKey),
        'announce',
      );
      clock.set(new Date(T0 + days * DAY + 3 * 3600_000));
      ok(
        await http.post(
          `/v1/groups/${s.group.id}/meetings/${meeting.id}/record`,
          { minutes: 'Minutes.', ...record },
          s.convenorKey,
        ),
        'record',
      );
      clock.set(new Date(T0));
    }
    const attendee = (p: { id: string; name: string }, organization: string) => ({
      name: p.name,
      organization,
      participantId: p.id,
    });
    await held('First meeting', 8, {
      attendance: [
        attendee(s.participant, s.organization.name),
        attendee(p17, sg17Org.name),
        attendee(p20, sg20Org.name),
        { name: 'Guest', organization: sg20Org.name.toUpperCase() },
      ],
      decisions: ['Adopt the work plan'],
      actionItems: [
        { description: 'Draft the gap analysis', owner: 'SG17 co-convenor', due: dateIn(20), status: 'open' },
        { description: 'Collect SG20 liaison', owner: 'TSB', status: 'done' },
      ],
    });
    await held('Second meeting', 10, {
      attendance: [attendee(s.convenor, s.organization.name), attendee(p17, sg17Org.name)],
      decisions: ['Propose SG17 lead on PKI'],
      actionItems: [],
    });
    clock.set(new Date(T0 + 11 * DAY));

    // TSB enters the SG17 meeting: the obligation; the co-convenor compiles the report.
    const ref = `SG17-R-${T0}`;
    ok(
      await http.call('PUT', `/v1/body-meetings/${ref}`, {
        key: tsbKey,
        body: { body: 'SG17', firstDay: dateIn(70), lastDay: dateIn(79), place: 'Geneva' },
      }),
      'body meeting',
    );
    const obligations = async () =>
      (await http.get<{ items: Obligation[] }>(`/v1/groups/${s.group.id}/obligations?scope=all`, s.participantKey)).body
        .items;
    const owed = (await obligations()).find((o) => o.bodyMeeting.reference === ref)!;
    const base = `/v1/groups/${s.group.id}/obligations/${owed.id}/report`;
    const compiled = ok(await http.post<Report>(base, undefined, s.convenorKey), 'compile');
    expect(compiled).toMatchObject({ version: 1, state: 'draft', document: null });
    const { content } = compiled;
    expect(content.meetings.map((m) => m.title)).toEqual(['First meeting', 'Second meeting']);
    const [first, second] = content.meetings;
    expect(first.attendance.total).toBe(4);
    expect(first.attendance.byOrganization).toEqual(
      expect.arrayContaining([
        { key: sg20Org.name, count: 2 },
        { key: sg17Org.name, count: 1 },
        { key: s.organization.name, count: 1 },
      ]),
    );
    expect(first.attendance.byOrganization).toHaveLength(3);
    // s.organization participates in SG17 and SG20: it counts in both.
    expect(first.attendance.byStudyGroup).toEqual([
      { key: 'SG17', count: 2 },
      { key: 'SG20', count: 3 },
    ]);
    expect(second.attendance.byStudyGroup).toEqual([
      { key: 'SG17', count: 2 },
      { key: 'SG20', count: 1 },
    ]);
    expect(first.genevaStart).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(first.decisions).toEqual(['Adopt the work plan']);
    expect(first.actionItems).toEqual([
      { description: 'Draft the gap analysis', owner: 'SG17 co-convenor', due: dateIn(20), status: 'open' },
      { description: 'Collect SG20 liaison', owner: 'TSB', due: null, status: 'done' },
    ]);
    expect(first.agenda.length).toBeGreaterThan(0);
    expect(content.questions).toEqual(['Q6/17', 'Q16/20']);
    expect(content.contacts).toEqual([
      { name: s.convenor.name, organization: s.organization.name, email: s.convenor.email, studyGroup: 'SG17' },
    ]);
    expect(content.matrix.rows).toHaveLength(6);
    expect(content.registerChanges).toHaveLength(12);
    expect((await obligations()).find((o) => o.id === owed.id)!.state).toBe('drafted');

    // Narratives, with history; regenerating keeps them.
    ok(
      await http.call('PUT', `${base}/narratives/a`, { key: s.convenorKey, body: { text: 'First draft of (a).' } }),
      'narrative a1',
    );
    ok(
      await http.call('PUT', `${base}/narratives/a`, {
        key: s.convenorKey,
        body: { text: 'SG17 and SG20 both work on device identity.\n\nSee the matrix.' },
      }),
      'narrative a2',
    );
    ok(
      await http.call('PUT', `${base}/narratives/b`, {
        key: s.convenorKey,
        body: { text: 'Overlaps: device identity, secure update.' },
      }),
      'narrative b',
    );
    const regenerated = ok(await http.post<Report>(base, undefined, tsbKey), 'recompile');
    expect(regenerated.version).toBe(1);
    expect(regenerated.content.narratives.map((n) => [n.objective, n.revision])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 0],
      ['d', 0],
    ]);
    const history = (
      await http.get<{ items: { revision: number; text: string }[] }>(`${base}/narratives/a/history`, s.participantKey)
    ).body.items;
    expect(history.map((h) => h.text)).toEqual([
      'First draft of (a).',
      'SG17 and SG20 both work on device identity.\n\nSee the matrix.',
    ]);

    // The preview: a TD with the title block, every section, the matrix one row per topic.
    const preview = await http.bytes(`${base}/document.docx`, s.participantKey);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-disposition')).toMatch(/-v1-draft\.docx"$/);
    const blocks = await blocksOf(preview.data);
    const titleBlock = tables(blocks).find((t) => t.rows.some((r) => r[0] === 'Purpose:'))!;
    expect(Object.fromEntries(titleBlock.rows.map((r) => [r[0], r[1]]))).toMatchObject({
      'Question(s):': 'Q6/17, Q16/20',
      'Source:': `Co-convenors of the ${s.group.title} (${s.group.acronym})`,
      'Purpose:': 'For information',
    });
    expect(headings(blocks).map((h) => h.text.replace(/^\d+\s+/, ''))).toEqual(
      expect.arrayContaining([
        'Summary',
        'Meetings held',
        'Overlap and gap matrix',
        'Demarcation',
        'Objective (a): Review of IoT-security activities in SG17 and SG20',
      ]),
    );
    const matrixTable = tables(blocks).find((t) => t.rows[0][0] === 'Topic' && t.rows[0].at(-1) === 'Assessment')!;
    expect(matrixTable.rows).toHaveLength(1 + 6);
    const pdf = await toPdf(preview.data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const markdown = await http.get<string>(`${base}/document.md`, s.participantKey);
    expect(markdown.text).toContain('SG17 and SG20 both work on device identity.');

    // Submission: frozen, mailed once to the secretariat and once to the list, reminders stopped.
    const mailsBefore = sink.messages.length;
    const submitted = ok(await http.post<Report>(`${base}/submission`, undefined, s.convenorKey), 'submit');
    expect(submitted).toMatchObject({ version: 1, state: 'submitted', content: { frozen: true } });
    const frozenSha = submitted.document!.sha256;
    const aboutIt = () =>
      sink.messages
        .slice(mailsBefore)
        .filter((m) => m.subject.includes(`${s.group.acronym}`) && m.subject.includes('Report of'));
    await waitFor(() => aboutIt().length === 2 || undefined, 'the submission mails');
    const [toSecretariat, toList] = ['tsbsg17@itu.int', s.group.mailingList].map((to) =>
      aboutIt().filter((m) => m.envelopeTo.includes(to)),
    );
    expect([toSecretariat.length, toList.length]).toEqual([1, 1]);
    const attachmentOf = (raw: string): MimeNode | undefined => {
      const walk = (n: MimeNode): MimeNode | undefined =>
        n.disposition === 'attachment' ? n : n.children.map(walk).find(Boolean);
      return walk(parseMime(raw));
    };
    const attached = attachmentOf(toSecretariat[0].raw)!;
    expect(attached.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const attachedBytes = Buffer.from(attached.body.replace(/\s+/g, ''), 'base64');
    expect(createHash('sha256').update(attachedBytes).digest('hex')).toBe(frozenSha);
    const state = (await obligations()).find((o) => o.id === owed.id)!;
    expect(state).toMatchObject({
      state: 'submitted',
      submission: { documentReference: expect.stringContaining(frozenSha.slice(0, 16)) },
    });
    const db = reporting.get(DataSource);
    const pending = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reporting.timers WHERE starts_with(key, $1) AND status = 'scheduled'`,
      [`obligation:${owed.id}:`],
    );
    expect(pending[0].n).toBe(0);
    const events = async (type: string) =>
      (
        await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM reporting.outbox WHERE type = $1 AND envelope::text LIKE $2`,
          [type, `%${owed.id}%`],
        )
      )[0].n;
    expect(await events('report.submitted')).toBe(1);
    expect((await http.post(`${base}/submission`, undefined, s.convenorKey)).status).toBe(409);

    // A later edit makes a new draft; the submitted version never changes.
    const frozenEdit = await http.call<{ code: string }>('PUT', `${base}/narratives/c`, {
      key: s.convenorKey,
      body: { text: 'Too late for v1.', version: 1 },
    });
    expect([frozenEdit.status, frozenEdit.body.code]).toEqual([409, 'REPORT_FROZEN']);
    const v2 = ok(
      await http.call<Report>('PUT', `${base}/narratives/c`, { key: s.convenorKey, body: { text: 'Corrigendum.' } }),
      'edit after',
    );
    expect([v2.version, v2.state]).toEqual([2, 'draft']);
    const v1 = (await http.get<Report>(`${base}?version=1`, cast.adminKey)).body;
    expect(v1).toMatchObject({ state: 'submitted', document: { sha256: frozenSha } });
    expect(v1.content.narratives.find((n) => n.objective === 'c')!.text).toBe('');

    // TSB acknowledges with its TD number: idempotent; another number refused.
    const yymmdd = dateIn(70).slice(2).replaceAll('-', '');
    const td = `T25-SG17-${yymmdd}-TD-GEN-0123`;
    const ack = `/v1/groups/${s.group.id}/obligations/${owed.id}/acknowledgement`;
    expect((await http.post<{ code: string }>(ack, undefined, tsbKey)).body.code).toBe('TD_NUMBER_REQUIRED');
    expect((await http.post(ack, { tdNumber: 'TD 123' }, tsbKey)).status).toBe(400);
    const sg20 = await http.post<{ code: string }>(ack, { tdNumber: `T25-SG20-${yymmdd}-TD-GEN-0123` }, tsbKey);
    expect([sg20.status, sg20.body.code]).toEqual([422, 'TD_NUMBER_MISMATCH']);
    expect(ok(await http.post<Obligation>(ack, { tdNumber: td }, tsbKey), 'ack')).toMatchObject({
      state: 'acknowledged',
      tdNumber: td,
    });
    expect(ok(await http.post<Obligation>(ack, { tdNumber: td }, tsbKey), 'ack again')).toMatchObject({
      state: 'acknowledged',
      tdNumber: td,
    });
    const other = await http.post<{ code: string }>(ack, { tdNumber: `T25-SG17-${yymmdd}-TD-GEN-0124` }, tsbKey);
    expect([other.status, other.body.code]).toEqual([409, 'TD_NUMBER_CONFLICT']);
    expect(await events('report.acknowledged')).toBe(1);
    const numbered = await http.bytes(`${base}/document.docx?version=1`, s.participantKey);
    expect(numbered.headers.get('content-disposition')).toBe(`attachment; filename="${td}.docx"`);
    const numberedBlocks = await blocksOf(numbered.data);
    expect(tables(numberedBlocks)[0].rows[0].join('\n')).toContain(td);
    const v1After = (await http.get<Report>(`${base}?version=1`, cast.adminKey)).body;
    expect(v1After.document).toMatchObject({ sha256: frozenSha, tdNumber: td, numbered: { fileName: `${td}.docx` } });
    const original = await http.bytes(`${base}/document.docx?version=1&original=true`, s.participantKey);
    expect(original.headers.get('x-content-sha256')).toBe(frozenSha);
    expect(createHash('sha256').update(original.data).digest('hex')).toBe(frozenSha);

    // Another group's report for the same SG17 meeting cannot take the same number.
    const neighbour = scenes[0];
    const theirs = (
      await http.get<{ items: Obligation[] }>(`/v1/groups/${neighbour.group.id}/obligations`, tsbKey)
    ).body.items.find((o) => o.bodyMeeting.reference === ref)!;
    const theirAck = `/v1/groups/${neighbour.group.id}/obligations/${theirs.id}/acknowledgement`;
    ok(
      await http.post(
        `/v1/groups/${neighbour.group.id}/obligations/${theirs.id}/submission`,
        { documentReference: 'elsewhere' },
        tsbKey,
      ),
      'their submission',
    );
    const taken = await http.post<{ code: string }>(theirAck, { tdNumber: td }, tsbKey);
    expect([taken.status, taken.body.code]).toEqual([409, 'TD_NUMBER_TAKEN']);

    // The revised draft (v2) is submitted as a revision: mailed again, numbered anew by TSB.
    const mailsBeforeRevision = sink.messages.length;
    const revised = ok(await http.post<Report>(`${base}/submission`, undefined, s.convenorKey), 'submit the revision');
    expect(revised).toMatchObject({ version: 2, state: 'submitted' });
    await waitFor(
      () =>
        sink.messages.slice(mailsBeforeRevision).filter((m) => m.subject.includes('Report of')).length === 2 ||
        undefined,
      'the revision mails',
    );
    expect((await obligations()).find((o) => o.id === owed.id)).toMatchObject({ state: 'submitted', tdNumber: null });
    const td2 = `T25-SG17-${yymmdd}-TD-GEN-0150`;
    expect(ok(await http.post<Obligation>(ack, { tdNumber: td2 }, tsbKey), 'ack the revision')).toMatchObject({
      state: 'acknowledged',
      tdNumber: td2,
    });
    expect((await http.get<Report>(`${base}?version=1`, cast.adminKey)).body.document).toMatchObject({
      sha256: frozenSha,
      tdNumber: td,
    });
    expect((await http.get<Report>(`${base}?version=2`, cast.adminKey)).body.document).toMatchObject({ tdNumber: td2 });
    expect(await events('report.submitted')).toBe(2);

    // The next report to SG17 covers only what happened since: a third meeting.
    await held('Third meeting', 15, { attendance: [attendee(p20, sg20Org.name)], decisions: [], actionItems: [] });
    clock.set(new Date(T0 + 16 * DAY));
    const ref2 = `SG17-R2-${T0}`;
    ok(
      await http.call('PUT', `/v1/body-meetings/${ref2}`, {
        key: tsbKey,
        body: { body: 'SG17', firstDay: dateIn(200), lastDay: dateIn(205), place: 'virtual' },
      }),
      'body meeting 2',
    );
    const next = (await obligations()).find((o) => o.bodyMeeting.reference === ref2)!;
    const nextReport = ok(
      await http.post<Report>(`/v1/groups/${s.group.id}/obligations/${next.id}/report`, undefined, s.convenorKey),
      'compile 2',
    );
    expect(nextReport.content.meetings.map((m) => m.title)).toEqual(['Third meeting']);
    expect(nextReport.content.period.from).toBe(v1.content.period.to);
    expect(nextReport.content.registerChanges).toEqual([]);

    // 14 days before a due date, the draft is compiled on its own (a durable timer, 06:00 Geneva).
    const ref3 = `SG20-R3-${T0}`;
    ok(
      await http.call('PUT', `/v1/body-meetings/${ref3}`, {
        key: tsbKey,
        body: { body: 'SG20', firstDay: dateIn(300), lastDay: dateIn(303), place: 'Geneva' },
      }),
      'body meeting 3',
    );
    const auto = (await obligations()).find((o) => o.bodyMeeting.reference === ref3)!;
    expect((await http.get(`/v1/groups/${s.group.id}/obligations/${auto.id}/report`, cast.adminKey)).status).toBe(404);
    const [compileTimer] = await db.query<{ due_at: Date }[]>('SELECT due_at FROM reporting.timers WHERE key = $1', [
      `obligation:${auto.id}:compile`,
    ]);
    clock.set(new Date(compileTimer.due_at.getTime() + 1000));
    const autoReport = await waitFor(async () => {
      const got = await http.get<Report>(`/v1/groups/${s.group.id}/obligations/${auto.id}/report`, cast.adminKey);
      return got.status === 200 ? got.body : undefined;
    }, 'the draft compiled 14 days before the due date');
    expect(autoReport).toMatchObject({ version: 1, state: 'draft' });
    expect((await obligations()).find((o) => o.id === auto.id)!.state).toBe('drafted');

    // The group concludes: one final report to the parent, covering the group's whole life.
    clock.set(new Date(T0 + 16 * DAY));
    const refFinal = `TSAG-F-${T0}`;
    ok(
      await http.call('PUT', `/v1/body-meetings/${refFinal}`, {
        key: tsbKey,
        body: { body: 'TSAG', firstDay: dateIn(100), lastDay: dateIn(103), place: 'Geneva' },
      }),
      'TSAG meeting',
    );
    ok(
      await http.post(
        `/v1/groups/${s.group.id}/conclusion`,
        { decidedOn: dateIn(16), reference: `TSAG-R-${T0}` },
        cast.adminKey,
      ),
      'conclusion',
      201,
    );
    const final = await waitFor(
      async () => (await obligations()).find((o) => o.final && o.state === 'open'),
      'the final report to TSAG',
    );
    expect(final.bodyMeeting.reference).toBe(refFinal);
    const finalReport = ok(
      await http.post<Report>(`/v1/groups/${s.group.id}/obligations/${final.id}/report`, undefined, s.convenorKey),
      'compile the final report',
    );
    expect(finalReport.content.final).toBe(true);
    expect(finalReport.content.meetings.map((m) => m.title)).toEqual([
      'First meeting',
      'Second meeting',
      'Third meeting',
    ]);
    expect(finalReport.content.governance.map((g) => g.summary)).toContain('TSAG concluded the group');
    const finalDocx = await http.bytes(
      `/v1/groups/${s.group.id}/obligations/${final.id}/report/document.docx`,
      s.participantKey,
    );
    const finalTitle = tables(await blocksOf(finalDocx.data)).find((t) => t.rows.some((r) => r[0] === 'Title:'))!;
    expect(finalTitle.rows.find((r) => r[0] === 'Title:')![1]).toMatch(/^Final report of /);
  });
});
