import { dateTimeIn, GENEVA, timeIn } from '../time/format';

/** An instant, always with its zone: in UTC, and in Geneva time (ITU's) beside it. */
export function When({ at, zone = GENEVA }: { at: string; zone?: string }) {
  return (
    <time dateTime={at}>
      {dateTimeIn(at, 'UTC')} UTC{' '}
      <span className="muted">
        ({timeIn(at, zone)} {zone === GENEVA ? 'Geneva' : zone})
      </span>
    </time>
  );
}
