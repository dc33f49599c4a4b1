import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group, Participant } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { ROLE_LABEL } from './abilities';
import { organizationChoices, type Directory } from './directory';
import { TimeZoneField } from './time-zone-field';

const EMPTY = {
  organizationId: '',
  name: '',
  email: '',
  timeZone: '',
  role: 'participant' as 'participant' | 'observer',
};

/** Registers a person through one of the organizations admitted to the group. */
export function RegisterParticipant({
  group,
  directory,
  onRegistered,
}: {
  group: Group;
  directory: Directory;
  onRegistered: (p: Participant) => void;
}) {
  const [form, setForm] = useState(EMPTY);
  const [registered, setRegistered] = useState<Participant | null>(null);
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const register = useAction(
    (body: typeof EMPTY) =>
      settle(api.POST('/v1/groups/{groupId}/participants', { params: { path: { groupId: group.id } }, body })),
    (p) => {
      setRegistered(p);
      setForm({ ...EMPTY, organizationId: form.organizationId });
      onRegistered(p);
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    void register.run({ ...form, name: form.name.trim(), email: form.email.trim() });
  };
  const organizations = organizationChoices(directory);

  return (
    <form className="stack adm-form" onSubmit={submit} aria-labelledby="register-participant">
      <h3 id="register-participant">Register a participant</h3>
      <p className="muted">
        A person is registered through an organization admitted to {group.acronym}; their e-mail address is unique in
        the group. Co-convenors are appointed under Co-convenors, from the registered participants.
      </p>
      <div className="adm-grid">
        <label>
          Name
          <input
            type="text"
            required
            maxLength={200}
            autoComplete="off"
            value={form.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </label>
        <label>
          E-mail address
          <input
            type="email"
            required
            autoComplete="off"
            value={form.email}
            onChange={(e) => set('email', e.target.value)}
          />
        </label>
        <label>
          Organization
          <select required value={form.organizationId} onChange={(e) => set('organizationId', e.target.value)}>
            <option value="">Choose an organization</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <TimeZoneField label="Time zone" value={form.timeZone} onChange={(zone) => set('timeZone', zone)} required />
        <label>
          Role
          <select value={form.role} onChange={(e) => set('role', e.target.value as typeof EMPTY.role)}>
            <option value="participant">{ROLE_LABEL.participant}</option>
            <option value="observer">{ROLE_LABEL.observer}</option>
          </select>
        </label>
      </div>
      {!directory.organizations && (
        <p className="muted">
          Only the organizations that already have participants in the group are listed: the list of all organizations
          is kept by administrators and TSB.
        </p>
      )}
      <button type="submit" disabled={register.busy}>
        {register.busy ? 'Registering…' : 'Register participant'}
      </button>
      <ProblemMessage problem={register.problem} />
      {registered && (
        <p role="status" className="ok">
          Registered {registered.name} ({registered.email}) as {ROLE_LABEL[registered.role].toLowerCase()}.
        </p>
      )}
    </form>
  );
}
