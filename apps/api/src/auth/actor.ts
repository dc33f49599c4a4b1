import type { Principal } from '@jcg/contracts';

/** Who did it, as histories record it: `participant:<id>`, `tsb` or `admin`. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'participant') return `participant:${principal.participantId}`;
  return principal.kind === 'integrator' ? principal.integrator : 'admin';
}
