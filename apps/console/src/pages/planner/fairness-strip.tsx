import { fairnessFor, fairnessSummary, type Person, type ZoneFit } from '../../time/fairness';

const MAX_NAMES = 6;

/** "Tokyo (Asia/Tokyo, UTC+9)". */
export function zoneName(z: Pick<ZoneFit, 'city' | 'zone' | 'offset'>): string {
  return z.city === z.zone ? `${z.zone} (${z.offset})` : `${z.city} (${z.zone}, ${z.offset})`;
}

/** "Wed 02:45–03:45", with the end's weekday too when the meeting crosses local midnight. */
export function localSpan(z: ZoneFit): string {
  const end = z.endDay === z.startDay ? z.localEnd : `${z.endDay} ${z.localEnd}`;
  return `${z.startDay} ${z.localStart}–${end}`;
}

function people(z: ZoneFit): string {
  if (z.names.length === 0) return z.participants === 1 ? '1 participant' : `${z.participants} participants`;
  const shown = z.names.slice(0, MAX_NAMES).join(', ');
  return z.names.length > MAX_NAMES ? `${shown} and ${z.names.length - MAX_NAMES} more` : shown;
}

/**
 * The fairness strip of a slot: how many have the whole meeting inside 07:00-22:00 local, each
 * zone's local time (inside or outside said in words, not only by colour), and who has it at night.
 */
export function FairnessStrip({
  startIso,
  minutes,
  participants,
  headingId,
}: {
  startIso: string;
  minutes: number;
  participants: readonly Person[];
  /** When given, the summary line is the strip's label (for a section heading elsewhere). */
  headingId?: string;
}) {
  const fairness = fairnessFor(startIso, minutes, participants);
  if (fairness.total === 0) return <p className="muted">The group has no active participant to fit the time to.</p>;
  const outside = fairness.zones.filter((z) => !z.inside);
  return (
    <div className="stack" data-testid="fairness">
      <p id={headingId}>
        <strong data-testid="fairness-summary">{fairnessSummary(fairness)}</strong>
        {outside.length === 0 && <span className="ok"> (everyone)</span>}
      </p>
      <ul className="strip" aria-label="Local time in each participant's time zone">
        {fairness.zones.map((z) => (
          <li key={z.zone} className={z.inside ? 'inside' : 'outside'}>
            <span aria-hidden="true">{z.inside ? '✓ ' : '✗ '}</span>
            {z.city} {localSpan(z)} <span className="muted">({z.offset})</span>: {z.participants}{' '}
            {z.inside ? 'inside' : 'outside'}
          </li>
        ))}
      </ul>
      {outside.length > 0 && (
        <div>
          <p>Outside 07:00–22:00 local (at night or across midnight):</p>
          <ul data-testid="fairness-outside">
            {outside.map((z) => (
              <li key={z.zone}>
                {zoneName(z)}, {localSpan(z)} local: {people(z)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
