/** R7: a ToR revision goes draft -> sent to the parent -> approved or declined. */
export type TorStatus = 'draft' | 'sent' | 'approved' | 'declined';
export type TorAction = 'send' | 'approve' | 'decline';

const NEXT: Record<TorAction, { from: TorStatus; to: TorStatus }> = {
  send: { from: 'draft', to: 'sent' },
  approve: { from: 'sent', to: 'approved' },
  decline: { from: 'sent', to: 'declined' },
};

/** The status after `action`, or null when the action does not apply to `status`. */
export function torTransition(status: TorStatus, action: TorAction): TorStatus | null {
  return NEXT[action].from === status ? NEXT[action].to : null;
}

export function requiredStatusFor(action: TorAction): TorStatus {
  return NEXT[action].from;
}
