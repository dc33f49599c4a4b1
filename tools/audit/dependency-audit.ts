import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerdict, type AcceptedAdvisory } from './audit-verdict.js';

/**
 * `npm run audit:deps`: npm audit of the production dependencies. Exits 1 on a high or critical
 * advisory that accepted-advisories.json does not list with its reason. When the advisory service
 * cannot be reached (some networks let the registry's downloads through but not its audit
 * endpoint), it says so loudly and exits 0, or 1 with AUDIT_REQUIRED=1.
 */
function main(): void {
  const root = process.cwd();
  const accepted = JSON.parse(
    readFileSync(join(root, 'tools/audit/accepted-advisories.json'), 'utf8'),
  ) as AcceptedAdvisory[];
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024, // a large report cut short would read as "no report"
  });
  if (run.error) throw run.error; // npm itself could not run: not a verdict
  const verdict = auditVerdict(run.stdout, accepted);
  switch (verdict.kind) {
    case 'clean':
      console.log(
        `npm audit --omit=dev: no high or critical advisory (${Object.entries(verdict.counts)
          .filter(([severity]) => severity !== 'total')
          .map(([severity, count]) => `${severity} ${count}`)
          .join(', ')}).`,
      );
      for (const finding of verdict.accepted) console.log(`  accepted: ${finding.dependency} ${finding.url}`);
      return;
    case 'advisories':
      console.error('npm audit --omit=dev: high or critical advisories:');
      for (const f of verdict.findings) console.error(`  ${f.severity} ${f.dependency}: ${f.title} ${f.url}`);
      process.exitCode = 1;
      return;
    case 'unreachable':
      console.warn(`npm audit --omit=dev could NOT be checked: ${verdict.reason}`);
      if (process.env.AUDIT_REQUIRED === '1') process.exitCode = 1;
      return;
  }
}

main();
