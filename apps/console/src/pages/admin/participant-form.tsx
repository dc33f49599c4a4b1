import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Body, Participant } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { ROLE_LABEL, type Abilities } from './abilities';
import { TimeZoneField } from './time-zone-field';

type Change = Body<'/v1/groups/{groupId}/participants/{participantId}', 'patch'>;

/** Changes a participant's name, e-mail (administrators only), time zone or role: only what was changed is sent. */
export function ParticipantForm({
  groupId,
  participant,
  abilities,
  onSaved,
}: {
  groupId: string;
  participant: Participant;
  abilities: Abilities;
  onSaved: (p: Participant) => void;
}) {
  const id = useId();
  const [name, setName] = useState(participant.name);
  const [email, setEmail] = useState(participant.email);
  const [timeZone, setTimeZone] = useState(participant.timeZone);
  const [role, setRole] = useState(participant.role);
  const [saved, setSaved] = useState(false);

  const change: Change = {};
  if (name.trim() !== participant.name) change.name = name.trim();
  if (email.trim() !== participant.email) change.email = email.trim();
  if (timeZone !== participant.timeZone) change.timeZone = timeZone;
  if (role !== participant.role && role !== 'co-convenor') change.role = role;
  const changes = Object.keys(change).length;

  const save = useAction(
    (body: Change) =>
      settle(
        api.PATCH('/v1/groups/{groupId}/participants/{participantId}', {
          params: { path: { groupId, participantId: participant.id } },
          body,
        }),
      ),
    (p) => {
      setSaved(true);
      onSaved(p);
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void save.run(change);
  };
  const isConvenor = participant.role === 'co-convenor';

  return (
    <form className="stack" onSubmit={submit} aria-label={`Change the details of ${participant.name}`}>
      <div className="adm-grid">
        <label>
          Name
          <input type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          E-mail address
          <input
            type="email"
            required
            value={email}
            disabled={!abilities.canChangeEmail}
            aria-describedby={`${id}-email`}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <TimeZoneField label="Time zone" value={timeZone} onChange={setTimeZone} required />
        <label>
          Role
          <select
            value={role}
            disabled={isConvenor}
            aria-describedby={isConvenor ? `${id}-role` : undefined}
            onChange={(e) => setRole(e.target.value as Participant['role'])}
          >
            {isConvenor && <option value="co-convenor">{ROLE_LABEL['co-convenor']}</option>}
            <option value="participant">{ROLE_LABEL.participant}</option>
            <option value="observer">{ROLE_LABEL.observer}</option>
          </select>
        </label>
      </div>
      <p id={`${id}-email`} className="muted">
        {abilities.canChangeEmail
          ? 'The e-mail address is how they sign in: changing it ends their browser sessions, and links mailed before stop working.'
          : abilities.selfId === participant.id
            ? 'Only an administrator changes your e-mail address, since it is how you sign in.'
            : 'Only an administrator changes an e-mail address, since it is how the participant signs in.'}
      </p>
      {isConvenor && (
        <p id={`${id}-role`} className="muted">
          A co-convenor is appointed by a study group (see Co-convenors); the role changes with the appointment.
        </p>
      )}
      <button type="submit" disabled={save.busy || changes === 0}>
        {save.busy ? 'Saving…' : 'Save changes'}
      </button>
      {changes === 0 && !saved && <p className="muted">Change a field to save it.</p>}
      <ProblemMessage problem={save.problem} />
      {saved && changes === 0 && (
        <p role="status" className="ok">
          Saved.
        </p>
      )}
    </form>
  );
}
