/*
 * `npm run bench`: how fast the system does its job, each result a ratio to a baseline measured
 * in the same run on the same machine (absolute numbers on a shared machine are noise). Starts
 * every service as a process with its own database, queue prefix and SMTP server, runs each
 * scenario (bounded in time), prints one table and writes bench/results.json.
 *
 *   npm run bench                 every scenario, 3 runs each
 *   npm run bench -- --quick      smaller sizes, 1 run (a smoke test of the bench itself)
 *   npm run bench -- --only reads,fan-out    only these scenarios (reads, writes, latency,
 *                                 fan-out, webhooks, cadence); results.json is then not written
 *   npm run bench -- --sizes 2000 the fan-out at these sizes only (results.json is then not written)
 *   npm run bench -- --cpu-prof   also profile every service and print where its CPU went
 *                                 (the .cpuprofile files stay in bench/profiles/ for DevTools)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { SERVICE_NAMES } from '@jcg/contracts';
import path from 'node:path';
import type { BenchResult } from './measure';
import { announcementLatencyScenario } from './scenarios/announcement-latency';
import { apiReadsScenario } from './scenarios/api-reads';
import { apiWritesScenario } from './scenarios/api-writes';
import { cadenceScaleScenario } from './scenarios/cadence-scale';
import { fanOutScenario } from './scenarios/fan-out';
import { webhookDeliveryScenario } from './scenarios/webhook-delivery';
import { byPackage, hotSpots } from './profile/summarize';
import { ROOT, servicesRss, startBenchSystem, untilQuiet } from './system';

const FAILED: BenchResult = {
  scenario: '',
  size: '-',
  unit: '-',
  value: NaN,
  runs: [],
  baseline: null,
  baselineRuns: [],
  ratio: null,
  target: '-',
  met: false,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
  const wanted = (key: string) => only === null || only.has(key);
  const profileDir = args.includes('--cpu-prof') ? path.join(ROOT, 'bench', 'profiles') : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const sizesAt = args.indexOf('--sizes');
  const sizes =
    sizesAt >= 0
      ? (args[sizesAt + 1] ?? '')
          .split(',')
          .map(Number)
          .filter((n) => n > 0)
      : null;
  const runs = quick ? 1 : 3;
  const started = Date.now();
  const results: BenchResult[] = [];
  const system = await startBenchSystem({ profileDir });
  try {
    const idle = servicesRss(system.drill);
    // A scenario that fails is a row of the table saying so; the others still run.
    const scenario = async (name: string, run: () => Promise<BenchResult[]>) => {
      try {
        // Each scenario starts in a settled system, not in the tail of the one before.
        await untilQuiet(system);
        results.push(...(await run()));
      } catch (error) {
        results.push({ ...FAILED, scenario: name, notes: `failed: ${(error as Error).message}` });
      }
    };
    if (wanted('reads')) await scenario('API reads', () => apiReadsScenario(system, runs, quick ? 3 : 10));
    if (wanted('writes')) await scenario('API writes', () => apiWritesScenario(system, quick ? 3 : 10));
    if (wanted('latency'))
      await scenario('announcement latency', () => announcementLatencyScenario(system, quick ? 10 : 50));
    if (wanted('webhooks'))
      await scenario('webhook delivery', () => webhookDeliveryScenario(system, quick ? 200 : 1000, runs));
    if (wanted('fan-out'))
      await scenario('invite fan-out', () =>
        fanOutScenario(system, sizes ?? (quick ? [200, 500] : [500, 2000, 10_000]), runs),
      );
    const after = servicesRss(system.drill);
    if (wanted('fan-out'))
      for (const service of Object.keys(idle) as (keyof typeof idle)[]) {
        results.push({
          scenario: 'memory',
          size: service,
          unit: 'MB RSS idle / after fan-out',
          value: after[service],
          runs: [idle[service], after[service]],
          baseline: null,
          baselineRuns: [],
          ratio: null,
          target: '< 200 MB idle, < 300 MB after the fan-out',
          met: idle[service] < 200 && after[service] < 300,
          notes: `idle ${idle[service]} MB, after ${after[service]} MB`,
        });
      }
    // Last: its 500 groups would make every later group registration reconcile against its meetings.
    if (wanted('cadence'))
      await scenario('cadence scale', () => cadenceScaleScenario(system, quick ? 100 : 500, quick ? 3 : 8));
  } finally {
    await system.stop();
  }
  const file = path.join(ROOT, 'bench', 'results.json');
  if (only === null && sizes === null && !quick) {
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), quick, results }, null, 2)}\n`,
    );
  }
  if (profileDir) printProfiles(profileDir);
  printTable(results);
  for (const r of results.filter((r) => r.notes)) console.log(`${r.scenario} ${r.size}: ${r.notes}`);
  console.log(
    `\n${results.filter((r) => r.met === false).length} target(s) missed${only === null && sizes === null && !quick ? `; written to ${path.relative(process.cwd(), file)}` : ''} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/** Each service's CPU: how busy it was, by package, and its hottest frames (self time). */
function printProfiles(dir: string): void {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  for (const service of SERVICE_NAMES) {
    const file = path.join(dir, `${service}.cpuprofile`);
    if (!existsSync(file)) {
      console.log(`\n${service}: no profile`);
      continue;
    }
    const { idleShare, spots } = hotSpots(file, 12);
    console.log(`\n${service}: busy ${percent(1 - idleShare)} of the run (${path.relative(process.cwd(), file)})`);
    console.log(
      `  by package: ${byPackage(file)
        .slice(0, 10)
        .map((p) => `${p.where} ${percent(p.share)}`)
        .join(', ')}`,
    );
    for (const spot of spots) console.log(`  ${percent(spot.selfShare).padStart(7)}  ${spot.frame}`);
  }
}

function printTable(results: BenchResult[]): void {
  const round = (n: number | null) => (n === null ? '-' : n >= 100 ? String(Math.round(n)) : n.toFixed(2));
  const rows = [
    ['scenario', 'size', 'unit', 'median', 'baseline', 'ratio', 'target', 'met'],
    ...results.map((r) => [
      r.scenario,
      r.size,
      r.unit,
      round(r.value),
      round(r.baseline),
      round(r.ratio),
      r.target,
      r.met === null ? '-' : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
