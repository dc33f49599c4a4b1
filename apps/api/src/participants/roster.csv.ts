import type { RosterEntry } from '@jcg/contracts';
import { csvDocument } from '../http/csv.js';

const COLUMNS: (keyof RosterEntry)[] = ['name', 'email', 'organization', 'role', 'timeZone'];

export function rosterCsv(entries: readonly RosterEntry[]): string {
  return csvDocument(
    COLUMNS,
    entries.map((entry) => COLUMNS.map((c) => entry[c])),
  );
}
