import type { Principal } from '../../api/types';
import { mayConvene } from '../../app/access';

/** Why the signed-in person may not change meetings (empty when they may). */
export function whyNotManager(principal: Principal, groupId: string): string {
  if (mayConvene(principal, groupId)) return '';
  if (principal.kind === 'admin')
    return 'Administrators do not plan meetings: only the co-convenors, and TSB acting for them, do (R2).';
  return 'Only the co-convenors of the group, and TSB acting for them, propose and change meetings (R2).';
}

/** The co-convenor signed in (their participant id), for concurrence (R3). */
export function convenorId(principal: Principal, groupId: string): string | null {
  return principal.kind === 'participant' && mayConvene(principal, groupId) ? principal.participantId : null;
}
