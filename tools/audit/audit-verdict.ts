/**
 * Reads what `npm audit --json` printed and decides whether the production dependencies may ship:
 * no high or critical advisory, unless it is listed as accepted (with the reason the README gives).
 */
export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

export interface AcceptedAdvisory {
  /** The advisory's address, as npm audit prints it (https://github.com/advisories/GHSA-...). */
  url: string;
  /** Why it does not apply to this project. */
  reason: string;
}

export interface Finding {
  dependency: string;
  title: string;
  url: string;
  severity: Severity;
}

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<Severity, number>; accepted: Finding[] }
  | { kind: 'advisories'; findings: Finding[] }
  | { kind: 'unreachable'; reason: string };

interface AuditVia {
  name?: string;
  title?: string;
  url?: string;
  severity?: Severity;
}

interface AuditReport {
  vulnerabilities?: Record<string, { via?: (AuditVia | string)[] }>;
  metadata?: { vulnerabilities?: Partial<Record<Severity, number>> };
  message?: string;
  error?: { summary?: string; code?: string };
}

const BLOCKING: Severity[] = ['high', 'critical'];

export function auditVerdict(output: string, accepted: AcceptedAdvisory[]): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { kind: 'unreachable', reason: `npm audit printed no report: ${output.slice(0, 200) || '(nothing)'}` };
  }
  if (!report.metadata?.vulnerabilities || !report.vulnerabilities) {
    const reason = report.message ?? report.error?.summary ?? report.error?.code ?? 'no report';
    return { kind: 'unreachable', reason: `the advisory service did not answer: ${reason}` };
  }
  const seen = new Map<string, Finding>();
  for (const [dependency, entry] of Object.entries(report.vulnerabilities)) {
    for (const via of entry.via ?? []) {
      if (typeof via === 'string' || !via.url || !via.severity || !BLOCKING.includes(via.severity)) continue;
      seen.set(`${via.url} ${via.name ?? dependency}`, {
        dependency: via.name ?? dependency,
        title: via.title ?? '',
        url: via.url,
        severity: via.severity,
      });
    }
  }
  const acceptedUrls = new Set(accepted.map((a) => a.url));
  const findings = [...seen.values()];
  const open = findings.filter((f) => !acceptedUrls.has(f.url));
  if (open.length > 0) return { kind: 'advisories', findings: open };
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...report.metadata.vulnerabilities };
  return { kind: 'clean', counts, accepted: findings };
}
