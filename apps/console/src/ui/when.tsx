import { dateTimeIn, GENEVA, timeIn, zoneCity } from '../time/format';

const dayIn = (at: string, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(at));

/** An instant, always with its zone: in UTC, and in Geneva time (ITU's) beside it, with its date when another day. */
export function When({ at, zone = GENEVA }: { at: string; zone?: string }) {
  const local = dayIn(at, zone) === dayIn(at, 'UTC') ? timeIn(at, zone) : dateTimeIn(at, zone);
  return (
    <time dateTime={at}>
      {dateTimeIn(at, 'UTC')} UTC{' '}
      <span className="muted">
        ({local} {zoneCity(zone)})
      </span>
    </time>
  );
}
