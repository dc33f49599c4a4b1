import { useMemo } from 'react';
import { isTimeZone, offsetLabel } from '../../time/format';

/** Current names some browsers list only under their old ones (Asia/Calcutta, Europe/Kiev…). */
const RENAMED = ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Yangon', 'America/Nuuk'];

/** Every IANA zone the browser knows (with UTC), and the current value even if it is an old alias. */
function zoneList(current: string): string[] {
  const zones = new Set<string>(Intl.supportedValuesOf('timeZone'));
  for (const zone of RENAMED) if (isTimeZone(zone)) zones.add(zone);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/** A `<select>` of IANA time zones, each with its offset from UTC today. */
export function TimeZoneField({
  label,
  value,
  onChange,
  required = false,
  disabled = false,
}: {
  label: string;
  value: string;
  onChange: (zone: string) => void;
  required?: boolean;
  disabled?: boolean;
}) {
  const zones = useMemo(() => zoneList(value), [value]);
  const now = useMemo(() => new Date(), []);
  return (
    <label>
      {label}
      <select value={value} required={required} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {!value && <option value="">Choose a time zone</option>}
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone} ({offsetLabel(now, zone)})
          </option>
        ))}
      </select>
    </label>
  );
}
