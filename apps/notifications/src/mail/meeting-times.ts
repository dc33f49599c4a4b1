import { dateTimeFormat } from '@jcg/contracts';

/** R5: meeting times are shown in Geneva time, as TSB does, beside UTC and the reader's own zone. */
export const GENEVA = 'Europe/Zurich';

function format(instant: Date, timeZone: string, withDate: boolean): string {
  return dateTimeFormat('en-GB', {
    timeZone,
    ...(withDate ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

export function dayOf(instant: Date, timeZone = GENEVA): string {
  return dateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** "Tuesday 15 December 2026 14:00-16:00 Geneva time (13:00-15:00 UTC)", and the reader's zone when it differs. */
export function meetingTimeLine(startsAt: Date, endsAt: Date, readerZone?: string): string {
  const geneva = `${format(startsAt, GENEVA, true)}-${format(endsAt, GENEVA, false)} Geneva time`;
  const utc = `${format(startsAt, 'UTC', false)}-${format(endsAt, 'UTC', false)} UTC`;
  const reader =
    readerZone && readerZone !== GENEVA && readerZone !== 'UTC'
      ? `; ${format(startsAt, readerZone, true)}-${format(endsAt, readerZone, false)} ${readerZone}`
      : '';
  return `${geneva} (${utc}${reader})`;
}
