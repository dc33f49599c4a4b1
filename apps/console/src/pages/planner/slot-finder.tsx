import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Answer } from '../../api/types';
import { localTime, fairnessSummary } from '../../time/fairness';
import { dateTimeIn, zoneCity } from '../../time/format';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { When } from '../../ui/when';
import { DURATIONS, addDays, durationLabel, slotFrom, utcDate, type SlotInput } from './slot';

type Suggestions = Answer<'/v1/groups/{groupId}/meeting-slots', 'get'>;
type Suggestion = Suggestions['slots'][number];

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 31;

/** "Geneva 14:00–15:00", with the local date when it is not the UTC date of the start. */
function zoneLine(slot: Suggestion, z: Suggestion['zones'][number]): string {
  const [date, start] = z.localStart.split(' ');
  const [endDate, end] = z.localEnd.split(' ');
  const day = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
  const startLabel = date === utcDate(slot.startsAt) ? start : `${day(date)} ${start}`;
  const endLabel = endDate === date ? end : `${day(endDate)} ${end}`;
  return `${zoneCity(z.timeZone)} ${startLabel}–${endLabel}`;
}

/**
 * "Find good times": asks the API for the starting times that put the most participants inside
 * 07:00-22:00 local in a range of dates, and lets one fill the planner's time picker.
 */
export function SlotFinder({
  groupId,
  leadDays,
  onUse,
}: {
  groupId: string;
  leadDays: number;
  onUse: (slot: SlotInput, label: string) => void;
}) {
  const firstDay = utcDate(new Date(Date.now() + (leadDays + 1) * DAY_MS));
  const [minutes, setMinutes] = useState(60);
  const [from, setFrom] = useState(firstDay);
  const [to, setTo] = useState(addDays(firstDay, 6));
  const [limit, setLimit] = useState(5);
  const [answer, setAnswer] = useState<Suggestions | null>(null);
  const find = useAction(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/meeting-slots', {
          params: {
            path: { groupId },
            query: {
              durationMinutes: minutes,
              from: `${from}T00:00:00Z`,
              // The "To" day is included: the range ends at the next midnight UTC.
              to: `${addDays(to, 1)}T00:00:00Z`,
              limit,
            },
          },
        }),
      ),
    setAnswer,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void find.run();
  };

  return (
    <section aria-labelledby="find-times">
      <h2 id="find-times">Find good times</h2>
      <form className="stack" aria-labelledby="find-times" onSubmit={submit}>
        <p className="muted">
          The starting times (at 15-minute steps, in UTC) that put the most active participants inside 07:00–22:00
          local, between two dates (at most {MAX_RANGE_DAYS} days).
        </p>
        <div className="row">
          <label>
            Duration
            <select value={String(minutes)} onChange={(e) => setMinutes(Number(e.target.value))}>
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {durationLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To
            <input
              type="date"
              required
              min={from}
              max={from ? addDays(from, MAX_RANGE_DAYS - 1) : undefined}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <label>
            Suggestions
            <select value={String(limit)} onChange={(e) => setLimit(Number(e.target.value))}>
              {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={find.busy}>
            Find good times
          </button>
        </div>
        <p className="muted">From and To are UTC dates; the To day is included.</p>
        <ProblemMessage problem={find.problem} />
      </form>
      {find.busy && (
        <p className="muted" aria-busy="true">
          Searching…
        </p>
      )}
      {answer && !find.busy && <SuggestionList answer={answer} onUse={onUse} />}
    </section>
  );
}

function SuggestionList({ answer, onUse }: { answer: Suggestions; onUse: (slot: SlotInput, label: string) => void }) {
  return (
    <div className="stack" aria-live="polite">
      <p>
        {answer.participants} active participants in {answer.zones.length} time zones. Suggestions start no earlier than{' '}
        <When at={answer.earliestStart} /> (R4: the announcement lead time from now, and a day to agree and announce).
      </p>
      {answer.slots.length === 0 ? (
        <p>No starting time in this range: choose later dates or a wider range.</p>
      ) : (
        <ol className="stack" data-testid="slot-suggestions">
          {answer.slots.map((slot) => {
            const minutes = Math.round((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000);
            const label = `${dateTimeIn(slot.startsAt, 'UTC')} UTC`;
            const start = new Date(slot.startsAt);
            const zones = [...slot.zones].sort(
              (a, b) => localTime(start, a.timeZone).offsetMinutes - localTime(start, b.timeZone).offsetMinutes,
            );
            return (
              <li key={slot.startsAt} className="card">
                <p>
                  <When at={slot.startsAt} />, {durationLabel(minutes)}
                </p>
                <p>
                  <strong>{fairnessSummary({ inside: slot.inside, total: slot.inside + slot.outside })}</strong>
                </p>
                <ul className="strip" aria-label={`Local times for ${label}`}>
                  {zones.map((z) => (
                    <li key={z.timeZone} className={z.inside ? 'inside' : 'outside'}>
                      <span aria-hidden="true">{z.inside ? '✓ ' : '✗ '}</span>
                      {zoneLine(slot, z)}: {z.participants} {z.inside ? 'inside' : 'outside'}
                    </li>
                  ))}
                </ul>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onUse(slotFrom(slot.startsAt, minutes), label)}
                >
                  Use {label}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
