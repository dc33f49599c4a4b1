export interface BodyMeetingFields {
  firstDay: string;
  lastDay: string;
  place: string;
  status: 'scheduled' | 'cancelled';
}

export type BodyMeetingChange = 'scheduled' | 'moved' | 'updated' | 'cancelled' | 'unchanged';

/**
 * What TSB's upsert of a body meeting means: a new meeting is scheduled; a status change is a
 * cancellation (or a meeting scheduled again); a changed first day is a move (due dates move
 * with it, R6); a changed last day or place is an update; the same meeting again changes nothing.
 */
export function bodyMeetingChange(existing: BodyMeetingFields | null, wanted: BodyMeetingFields): BodyMeetingChange {
  if (!existing) return wanted.status === 'cancelled' ? 'cancelled' : 'scheduled';
  if (wanted.status !== existing.status) return wanted.status === 'cancelled' ? 'cancelled' : 'scheduled';
  if (wanted.firstDay !== existing.firstDay) return wanted.status === 'cancelled' ? 'updated' : 'moved';
  if (wanted.lastDay !== existing.lastDay || wanted.place !== existing.place) return 'updated';
  return 'unchanged';
}
