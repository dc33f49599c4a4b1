import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Participant } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { When } from '../../ui/when';
import { canIssueFeed, ROLE_LABEL, STATUS_LABEL, type Abilities } from './abilities';
import { FeedAddress } from './feed-address';
import { ParticipantForm } from './participant-form';

/** One participant: their details, and what the signed-in principal may do about them. */
export function ParticipantPanel({
  groupId,
  participant,
  organization,
  abilities,
  onChanged,
  onClose,
}: {
  groupId: string;
  participant: Participant;
  organization: string | null;
  abilities: Abilities;
  onChanged: (p: Participant) => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const path = { groupId, participantId: participant.id };
  const isSelf = abilities.selfId === participant.id;
  const mayChange = abilities.canManageParticipants || isSelf;

  const [confirmLeave, setConfirmLeave] = useState(false);
  const leave = useAction(
    () => settle(api.POST('/v1/groups/{groupId}/participants/{participantId}/leave', { params: { path } })),
    (p) => {
      setConfirmLeave(false);
      onChanged(p);
    },
  );
  const [ended, setEnded] = useState<number | null>(null);
  const endSessions = useAction(
    () => settle(api.DELETE('/v1/groups/{groupId}/participants/{participantId}/sessions', { params: { path } })),
    (answer) => setEnded(answer.revoked),
  );

  return (
    <section className="adm-panel" id="participant-panel" aria-labelledby="participant-panel-heading">
      <h3 id="participant-panel-heading" ref={heading} tabIndex={-1}>
        Manage {participant.name}
      </h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{STATUS_LABEL[participant.status]}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABEL[participant.role]}</dd>
        <dt>Organization</dt>
        <dd>{organization ?? <span className="muted">not shown to you</span>}</dd>
        <dt>Registered</dt>
        <dd>
          <When at={participant.joinedAt} />
        </dd>
        {participant.leftAt && (
          <>
            <dt>Left</dt>
            <dd>
              <When at={participant.leftAt} />
            </dd>
          </>
        )}
      </dl>

      <h4>Change details</h4>
      {mayChange ? (
        <ParticipantForm groupId={groupId} participant={participant} abilities={abilities} onSaved={onChanged} />
      ) : (
        <p className="muted">Only the co-convenors, TSB, an administrator or the participant change these details.</p>
      )}

      <h4>Leave the group</h4>
      <p className="muted">
        The record and its history stay; the participant&apos;s API keys are revoked and they receive no more mail.
      </p>
      {participant.status === 'left' ? (
        <p>{participant.name} has left the group.</p>
      ) : !mayChange ? (
        <p className="muted">Only the co-convenors, TSB, an administrator or the participant record this.</p>
      ) : confirmLeave ? (
        <div className="adm-notice" role="group" aria-labelledby="confirm-leave">
          <p id="confirm-leave">
            Record that {participant.name} {isSelf ? '(you)' : ''} left the group? This cannot be undone here.
          </p>
          <div className="adm-actions">
            <button type="button" className="danger" disabled={leave.busy} onClick={() => void leave.run()}>
              Yes, record that they left
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmLeave(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirmLeave(true)}>
          Record that {participant.name} left…
        </button>
      )}
      <ProblemMessage problem={leave.problem} />

      <h4>Browser sessions</h4>
      {abilities.canEndSessions ? (
        <>
          <p className="muted">Signs them out on every browser at once; their API keys are not touched.</p>
          <button type="button" disabled={endSessions.busy} onClick={() => void endSessions.run()}>
            End {participant.name}&apos;s browser sessions
          </button>
          <ProblemMessage problem={endSessions.problem} />
          {ended !== null && (
            <p role="status" className="ok">
              {ended === 0 ? 'They had no open session.' : `${ended} session${ended === 1 ? '' : 's'} ended.`}
            </p>
          )}
        </>
      ) : (
        <p className="muted">Only an administrator ends a participant&apos;s browser sessions.</p>
      )}

      <h4>Calendar feed</h4>
      {canIssueFeed(abilities, participant.id) ? (
        <FeedAddress
          groupId={groupId}
          participantId={participant.id}
          label={isSelf ? 'My calendar feed address' : `Calendar feed address of ${participant.name}`}
        />
      ) : (
        <p className="muted">
          A participant&apos;s calendar feed address is issued by the participant (on My page) or by an administrator.
        </p>
      )}

      <p>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
