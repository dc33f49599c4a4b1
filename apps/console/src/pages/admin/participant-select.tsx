import type { Participant } from '../../api/types';

/** A required choice among the active participants, by name (with their address to tell namesakes apart). */
export function ParticipantSelect({
  label,
  participants,
  value,
  onChange,
}: {
  label: string;
  participants: Participant[];
  value: string;
  onChange: (participantId: string) => void;
}) {
  const active = participants.filter((p) => p.status === 'active').sort((a, b) => a.name.localeCompare(b.name));
  return (
    <label>
      {label}
      <select required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a participant</option>
        {active.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.email})
          </option>
        ))}
      </select>
    </label>
  );
}
