import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { settle } from '../api/result';
import type { Principal } from '../api/types';

/**
 * The signed-in participant's name, for the header: whoever uses a browser sees whose session it
 * is (a link someone else mailed would sign in as them). Null for keys without a person.
 */
export function useSignedInName(principal: Principal): string | null {
  const [name, setName] = useState<string | null>(null);
  const participant = principal.kind === 'participant' ? principal : null;
  useEffect(() => {
    if (!participant) return;
    let current = true;
    void settle(
      api.GET('/v1/groups/{groupId}/participants/{participantId}', {
        params: { path: { groupId: participant.groupId, participantId: participant.participantId } },
      }),
    ).then((result) => {
      if (current && result.ok) setName(result.data.name);
    });
    return () => {
      current = false;
    };
  }, [participant?.groupId, participant?.participantId]);
  return name;
}
