import { randomUUID } from 'node:crypto';
import type { BenchResult } from '../measure';
import { untilQuiet, type BenchSystem } from '../system';

const BODIES = ['SG17', 'SG20', 'TSAG'] as const;

/** A calendar day `months` months and `days` days from today (UTC), as YYYY-MM-DD. */
function dayFromNow(months: number, days = 0): string {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(10 + days);
  return date.toISOString().slice(0, 10);
}

/**
 * `groups` active groups in reporting's copy of the groups, each reporting to SG17, SG20 and its
 * parent TSAG. They are written straight into the copy (registering 500 groups through membership
 * would measure membership): what reporting does with them is what is measured.
 */
async function knownGroups(system: BenchSystem, groups: number): Promise<void> {
  const run = Date.now().toString(36);
  await system.db.query(
    `INSERT INTO reporting.known_groups
       (id, acronym, title, parent_body, study_groups, mailing_list, status, announcement_lead_days, concurrence_required, updated_at)
     SELECT gen_random_uuid(), 'CADENCE-' || $1 || '-' || n, 'Cadence group ' || n, 'TSAG', ARRAY['SG17', 'SG20'],
            'cadence-' || n || '@lists.example.org', 'active', 7, false, now()
       FROM generate_series(1, $2::int) AS n`,
    [run, groups],
  );
}

/** Reporting's obligations of one body meeting, and how many of them are due on `dueDate`. */
async function obligationsOf(system: BenchSystem, reference: string, dueDate: string) {
  const { rows } = await system.db.query<{ total: string; moved: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE o.due_date = $2) AS moved
       FROM reporting.obligations o JOIN reporting.body_meetings m ON m.id = o.body_meeting_id
      WHERE m.reference = $1`,
    [reference, dueDate],
  );
  return { total: Number(rows[0].total), moved: Number(rows[0].moved) };
}

/**
 * Cadence scale: `groups` groups x 3 bodies x `meetings` meetings; then one TSAG meeting moves
 * and every group's obligation for it (and its timers) follows, in the one request TSB sends.
 */
export async function cadenceScaleScenario(
  system: BenchSystem,
  groups: number,
  meetings: number,
): Promise<BenchResult[]> {
  const { api } = system;
  const tsbKey = await api.tsbKey();
  await knownGroups(system, groups);
  const tag = randomUUID().slice(0, 8);
  const reference = (body: string, i: number) => `${body}-BENCH-${tag}-${i + 1}`;
  const put = (body: string, i: number, firstDay: string) =>
    api.call(
      'PUT',
      `/v1/body-meetings/${reference(body, i)}`,
      { body, firstDay, lastDay: firstDay, place: 'Geneva' },
      tsbKey,
    );

  const setupStarted = performance.now();
  for (const body of BODIES) for (let i = 0; i < meetings; i++) await put(body, i, dayFromNow(2 + i));
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const opened = BODIES.length * meetings * groups;
  // The move is measured in a settled system: TSB moves one meeting, not during a burst of 24.
  const settleStarted = performance.now();
  await untilQuiet(system);
  const settleSeconds = (performance.now() - settleStarted) / 1000;

  // The move: the fourth TSAG meeting a week later.
  const moved = 3;
  const newFirstDay = dayFromNow(2 + moved, 7);
  const t0 = performance.now();
  await put('TSAG', moved, newFirstDay);
  const seconds = (performance.now() - t0) / 1000;
  const { rows } = await system.db.query<{ due: string }>(
    `SELECT o.due_date AS due FROM reporting.obligations o JOIN reporting.body_meetings m ON m.id = o.body_meeting_id
      WHERE m.reference = $1 LIMIT 1`,
    [reference('TSAG', moved)],
  );
  const after = await obligationsOf(system, reference('TSAG', moved), rows[0]?.due ?? '');
  const { rows: timers } = await system.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM reporting.timers t
       JOIN reporting.obligations o ON split_part(t.key, ':', 2) = o.id::text
       JOIN reporting.body_meetings m ON m.id = o.body_meeting_id
      WHERE m.reference = $1 AND t.key LIKE 'obligation:%' AND t.status = 'scheduled'`,
    [reference('TSAG', moved)],
  );
  // Every active group reporting to TSAG owes a report for it (the other scenarios' groups too).
  const { rows: owing } = await system.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM reporting.known_groups
      WHERE status = 'active' AND ('TSAG' = parent_body OR 'TSAG' = ANY(study_groups))`,
  );
  const expected = Number(owing[0].n);
  const allFollowed = after.total === expected && after.moved === expected;
  return [
    {
      scenario: 'cadence scale',
      size: `${groups} groups x ${BODIES.length} bodies x ${meetings} meetings`,
      unit: 's to move one TSAG meeting',
      value: seconds,
      runs: [seconds],
      baseline: null,
      baselineRuns: [],
      ratio: null,
      target: 'under 5 s; every obligation and timer follows',
      met: seconds < 5 && allFollowed,
      notes:
        `${after.moved} of ${expected} obligations moved to the new due date with ${timers[0]?.n ?? 0} timers scheduled, ` +
        `${Math.round(after.moved / seconds)} obligations/s; setup opened ${opened} obligations in ${setupSeconds.toFixed(1)} s ` +
        `(${Math.round(opened / setupSeconds)}/s), and the system needed ${settleSeconds.toFixed(1)} s more to publish their events and plan their timers`,
    },
  ];
}
