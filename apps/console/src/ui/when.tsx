import { dateTimeIn, dayIn, GENEVA, timeIn, zoneCity } from '../time/format';

/** An instant, always with its zone: in UTC, and in Geneva time (ITU's) beside it, with its date when another day. */
export function When({ at, zone = GENEVA }: { at: string; zone?: string }) {
  const local = dayIn(zone, at) === dayIn('UTC', at) ? timeIn(at, zone) : dateTimeIn(at, zone);
  return (
    <time dateTime={at}>
      {dateTimeIn(at, 'UTC')} UTC{' '}
      <span className="muted">
        ({local} {zoneCity(zone)})
      </span>
    </time>
  );
}
