import { TZDate } from '@date-fns/tz';

/**
 * R6 Reporting cadence. A report to a body is due one calendar month before the first day of the
 * body's meeting (2026-09-15 -> 2026-08-15); a day that does not exist in that month clamps to
 * its last day (2026-03-31 -> 2026-02-28). TSB counts deadlines in Geneva time: a due date ends
 * at 23:59:59 Europe/Zurich.
 */
export const GENEVA = 'Europe/Zurich';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a calendar date: "${date}"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const format = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Days in a month (1-12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first day of the body's meeting minus one calendar month, clamped to the month's last day. */
export function dueDate(firstDay: string): string {
  const { year, month, day } = parts(firstDay);
  const [dueYear, dueMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return format(dueYear, dueMonth, Math.min(day, daysInMonth(dueYear, dueMonth)));
}

/** An instant at a wall-clock time of a calendar date in Geneva (summer or winter time as it falls). */
export function genevaInstant(date: string, hours: number, minutes = 0, seconds = 0): Date {
  const { year, month, day } = parts(date);
  return new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, GENEVA).getTime());
}

/** The instant a due date ends: 23:59:59 Geneva time. */
export function dueInstant(due: string): Date {
  return genevaInstant(due, 23, 59, 59);
}

/** The calendar date in Geneva at an instant. */
export function genevaDate(instant: Date): string {
  const local = new TZDate(instant.getTime(), GENEVA);
  return format(local.getFullYear(), local.getMonth() + 1, local.getDate());
}

/** A calendar date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parts(from);
  const b = parts(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** Days left until a due date, counted in Geneva calendar days (0 on the day, negative once late). */
export function daysLeft(now: Date, due: string): number {
  return daysBetween(genevaDate(now), due);
}
