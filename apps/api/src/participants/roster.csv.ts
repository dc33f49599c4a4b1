import type { RosterEntry } from '@jcg/contracts';

const COLUMNS: (keyof RosterEntry)[] = ['name', 'email', 'organization', 'role', 'timeZone'];

/** One RFC 4180 field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function rosterCsv(entries: readonly RosterEntry[]): string {
  return (
    [COLUMNS.join(','), ...entries.map((entry) => COLUMNS.map((c) => field(entry[c])).join(','))].join('\r\n') + '\r\n'
  );
}
