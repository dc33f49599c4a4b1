/** One RFC 4180 field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A value read back from a CSV this API wrote: the quote that neutralised a formula is taken off. */
export function csvValue(field: string): string {
  return /^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field;
}

/** RFC 4180: a header line, then one line per row, CRLF. */
export function csvDocument(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [columns.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n') + '\r\n';
}
