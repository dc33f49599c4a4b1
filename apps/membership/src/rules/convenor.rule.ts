/**
 * R2: exactly one co-convenor per participating study group. A participant is a co-convenor
 * while they hold at least one current appointment; otherwise they are back to `participant`
 * (an observer who is appointed becomes a co-convenor, and returns to participant after).
 */
export function roleAfterAppointments(currentAppointments: number): 'co-convenor' | 'participant' {
  return currentAppointments > 0 ? 'co-convenor' : 'participant';
}
