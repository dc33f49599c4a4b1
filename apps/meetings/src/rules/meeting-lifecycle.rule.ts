import type { MeetingState } from '@jcg/contracts';

/**
 * proposed -> agreed -> announced -> held -> closed, or cancelled from any state before held.
 * Moving or re-provisioning keeps the state (an announced meeting stays announced: it is
 * announced again).
 */
export type MeetingAction = 'agree' | 'announce' | 'hold' | 'close' | 'cancel' | 'change';

const ALLOWED: Record<MeetingAction, readonly MeetingState[]> = {
  agree: ['proposed'],
  announce: ['agreed'],
  hold: ['announced'],
  close: ['held'],
  cancel: ['proposed', 'agreed', 'announced'],
  change: ['proposed', 'agreed', 'announced'],
};

const RESULT: Record<Exclude<MeetingAction, 'change'>, MeetingState> = {
  agree: 'agreed',
  announce: 'announced',
  hold: 'held',
  close: 'closed',
  cancel: 'cancelled',
};

export function allowedFrom(action: MeetingAction): readonly MeetingState[] {
  return ALLOWED[action];
}

/** The state after `action`, or null when the action does not apply. */
export function meetingTransition(state: MeetingState, action: MeetingAction): MeetingState | null {
  if (!ALLOWED[action].includes(state)) return null;
  return action === 'change' ? state : RESULT[action];
}

/**
 * R3: a meeting proposed by one co-convenor needs the concurrence of every other current
 * co-convenor (when the group's policy asks for it).
 */
export function concurrenceComplete(input: {
  required: boolean;
  coConvenors: readonly string[];
  proposedBy: string | null;
  concurredBy: readonly string[];
}): boolean {
  if (!input.required) return true;
  return input.coConvenors.filter((c) => c !== input.proposedBy).every((c) => input.concurredBy.includes(c));
}
