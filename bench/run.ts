/*
 * `npm run bench`: how fast the system does its job, each result a ratio to a baseline measured
 * in the same run on the same machine (absolute numbers on a shared machine are noise). Starts
 * every service as a process with its own database, queue prefix and SMTP server, runs each
 * scenario (bounded in time), prints one table and writes bench/results.json.
 *
 *   npm run bench                 every scenario, 3 runs each
 *   npm run bench -- --quick      smaller sizes, 1 run (a smoke test of the bench itself)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './measure';
import { announcementLatencyScenario } from './scenarios/announcement-latency';
import { apiReadsScenario } from './scenarios/api-reads';
import { apiWritesScenario } from './scenarios/api-writes';
import { fanOutScenario } from './scenarios/fan-out';
import { ROOT, servicesRss, startBenchSystem } from './system';

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
  const quick = process.argv.includes('--quick');
  const runs = quick ? 1 : 3;
  const started = Date.now();
  const results: BenchResult[] = [];
  const system = await startBenchSystem();
  try {
    const idle = servicesRss(system.drill);
    // A scenario that fails is a row of the table saying so; the others still run.
    const scenario = async (name: string, run: () => Promise<BenchResult[]>) => {
      try {
        results.push(...(await run()));
      } catch (error) {
        results.push({ ...FAILED, scenario: name, notes: `failed: ${(error as Error).message}` });
      }
    };
    await scenario('API reads', () => apiReadsScenario(system, runs, quick ? 3 : 10));
    await scenario('API writes', () => apiWritesScenario(system, quick ? 3 : 10));
    await scenario('announcement latency', () => announcementLatencyScenario(system, quick ? 10 : 50));
    await scenario('invite fan-out', () => fanOutScenario(system, quick ? [200, 500] : [500, 2000, 10_000], runs));
    const after = servicesRss(system.drill);
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
  } finally {
    await system.stop();
  }
  const file = path.join(ROOT, 'bench', 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), quick, results }, null, 2)}\n`,
  );
  printTable(results);
  for (const r of results.filter((r) => r.notes)) console.log(`${r.scenario} ${r.size}: ${r.notes}`);
  console.log(
    `\n${results.filter((r) => r.met === false).length} target(s) missed; written to ${path.relative(process.cwd(), file)} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
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
