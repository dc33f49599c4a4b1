import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { CATEGORY_LABEL, type Organization } from './abilities';
import { StudyGroupsField } from './study-groups-field';

type Category = Organization['category'];

/** The bodies this group knows: its study groups and its parent. */
const knownBodies = (group: Group) => [...new Set([...group.studyGroups, group.parentBody])];

/** Registers an ITU-T member organization with the study groups it takes part in (administrators, TSB). */
export function RegisterOrganization({ group, onRegistered }: { group: Group; onRegistered: () => void }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<Category>('sector-member');
  const [studyGroups, setStudyGroups] = useState<string[]>([]);
  const [formKey, setFormKey] = useState(0);
  const [registered, setRegistered] = useState<Organization | null>(null);
  const register = useAction(
    () => settle(api.POST('/v1/organizations', { body: { name: name.trim(), category, studyGroups } })),
    (organization) => {
      setRegistered(organization);
      setName('');
      setStudyGroups([]);
      setFormKey((k) => k + 1);
      onRegistered();
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    void register.run();
  };
  return (
    <form className="stack adm-form" onSubmit={submit} aria-labelledby="register-organization">
      <h3 id="register-organization">Register an organization</h3>
      <div className="adm-grid">
        <label>
          Organization name
          <input type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value as Category)}>
            {(Object.keys(CATEGORY_LABEL) as Category[]).map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <StudyGroupsField key={formKey} known={knownBodies(group)} value={studyGroups} onChange={setStudyGroups} />
      <button type="submit" disabled={register.busy}>
        {register.busy ? 'Registering…' : 'Register organization'}
      </button>
      <ProblemMessage problem={register.problem} />
      {registered && (
        <p role="status" className="ok">
          Registered {registered.name}. Admit it to {group.acronym} with its &ldquo;Admit&rdquo; button in the list
          above before registering its people.
        </p>
      )}
    </form>
  );
}

/** Sets the study groups an organization takes part in (TSB's word; R1 suspends or restores its participants). */
export function ParticipationForm({
  group,
  organization,
  onSaved,
  onClose,
}: {
  group: Group;
  organization: Organization;
  onSaved: () => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [studyGroups, setStudyGroups] = useState<string[]>(organization.studyGroups);
  const [saved, setSaved] = useState<Organization | null>(null);
  const save = useAction(
    () =>
      settle(
        api.PUT('/v1/organizations/{organizationId}/participation', {
          params: { path: { organizationId: organization.id } },
          body: { studyGroups },
        }),
      ),
    (answer) => {
      setSaved(answer);
      onSaved();
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    void save.run();
  };
  const loses = !studyGroups.some((sg) => group.studyGroups.includes(sg));
  return (
    <form className="adm-panel stack" onSubmit={submit} aria-labelledby="participation-heading">
      <h3 id="participation-heading" ref={heading} tabIndex={-1}>
        Study groups of {organization.name}
      </h3>
      <StudyGroupsField known={knownBodies(group)} value={studyGroups} onChange={setStudyGroups} />
      {loses && (
        <p className="adm-notice">
          With none of {group.studyGroups.join(', ')}, its participants in {group.acronym} (and in every other group it
          was admitted to that it no longer qualifies for) are suspended: they stop receiving invites and mail. Nothing
          is deleted, and they are restored when it takes part again.
        </p>
      )}
      <div className="adm-actions">
        <button type="submit" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save study groups'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ProblemMessage problem={save.problem} />
      {saved && (
        <p role="status" className="ok">
          Saved: {saved.name} takes part in{' '}
          {saved.studyGroups.length > 0 ? saved.studyGroups.join(', ') : 'no study group'}.
        </p>
      )}
    </form>
  );
}
