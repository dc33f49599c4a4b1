import { DURATIONS, START_TIMES, durationLabel, type SlotInput } from './slot';

/**
 * The three inputs of a meeting's time, all in UTC: a date, a start at 15-minute steps and a
 * length. The labels are the planner's unless given (the move form says "New date (UTC)" ...).
 */
export function TimeFields({
  value,
  onChange,
  disabled = false,
  labels = { date: 'Date (UTC)', time: 'Start time (UTC)', duration: 'Duration' },
}: {
  value: SlotInput;
  onChange: (next: SlotInput) => void;
  disabled?: boolean;
  labels?: { date: string; time: string; duration: string };
}) {
  // A meeting made elsewhere may start off the quarter hour or last longer than 4 h: keep its values choosable.
  const times = START_TIMES.includes(value.time) || !value.time ? START_TIMES : [...START_TIMES, value.time].sort();
  const durations = DURATIONS.includes(value.minutes) ? DURATIONS : [...DURATIONS, value.minutes].sort((a, b) => a - b);
  return (
    <div className="row">
      <label>
        {labels.date}
        <input
          type="date"
          required
          value={value.date}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, date: e.target.value })}
        />
      </label>
      <label>
        {labels.time}
        <select value={value.time} disabled={disabled} onChange={(e) => onChange({ ...value, time: e.target.value })}>
          {times.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        {labels.duration}
        <select
          value={String(value.minutes)}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, minutes: Number(e.target.value) })}
        >
          {durations.map((m) => (
            <option key={m} value={m}>
              {durationLabel(m)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
