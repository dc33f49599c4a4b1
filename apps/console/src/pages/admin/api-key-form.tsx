import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Answer, Body, Participant } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { ParticipantSelect } from './participant-select';

export type CreatedKey = Answer<'/v1/api-keys', 'post'>;
type Owner = Body<'/v1/api-keys', 'post'>['owner'];
type OwnerKind = Owner['kind'];

/** Creates an API key for a participant of this group, for TSB or for an administrator. */
export function CreateKeyForm({
  participants,
  onCreated,
}: {
  participants: Participant[];
  onCreated: (created: CreatedKey) => void;
}) {
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState<OwnerKind>('participant');
  const [participantId, setParticipantId] = useState('');
  const owner = (): Owner =>
    kind === 'admin'
      ? { kind: 'admin' }
      : kind === 'integrator'
        ? { kind: 'integrator', integrator: 'tsb' }
        : { kind: 'participant', participantId };
  const create = useAction(
    () => settle(api.POST('/v1/api-keys', { body: { label: label.trim(), owner: owner() } })),
    (answer) => {
      setLabel('');
      onCreated(answer);
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };

  return (
    <form className="stack adm-form" onSubmit={submit} aria-labelledby="create-key">
      <h3 id="create-key">Create an API key</h3>
      <div className="adm-grid">
        <label>
          Label
          <input
            type="text"
            required
            maxLength={100}
            placeholder="e.g. Ana's meeting scripts"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <label>
          For
          <select value={kind} onChange={(e) => setKind(e.target.value as OwnerKind)}>
            <option value="participant">A participant of this group</option>
            <option value="integrator">TSB (the integrator)</option>
            <option value="admin">An administrator</option>
          </select>
        </label>
        {kind === 'participant' && (
          <ParticipantSelect
            label="Participant"
            participants={participants}
            value={participantId}
            onChange={setParticipantId}
          />
        )}
      </div>
      {kind !== 'participant' && (
        <p className="adm-notice">
          {kind === 'admin'
            ? 'An administrator key may do everything, in every group, including creating and revoking keys.'
            : 'A TSB key acts for the secretariat in every group: meetings, reports, organizations and appointments.'}
        </p>
      )}
      <button type="submit" disabled={create.busy}>
        {create.busy ? 'Creating…' : 'Create key'}
      </button>
      <ProblemMessage problem={create.problem} />
    </form>
  );
}
