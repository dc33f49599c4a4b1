import { useMemo } from 'react';
import type { Group, Participant, Principal } from '../../api/types';
import { dateTimeIn, offsetLabel } from '../../time/format';
import { LoadedView } from '../../ui/loaded';
import { When } from '../../ui/when';
import { abilitiesOf, ROLE_LABEL, STATUS_LABEL } from '../admin/abilities';
import { ParticipantForm } from '../admin/participant-form';
import type { Loaded } from '../../ui/use-load';

/** Who I am in the group (my registration), and the details I may change myself. */
export function MyRegistration({
  principal,
  group,
  participant,
  expiresAt,
  onChanged,
}: {
  principal: Principal;
  group: Group;
  participant: Loaded<Participant>;
  expiresAt: string | null;
  onChanged: () => void;
}) {
  const abilities = useMemo(() => abilitiesOf(principal, group.id), [principal, group.id]);
  return (
    <section aria-labelledby="who-i-am">
      <h2 id="who-i-am">Who I am</h2>
      <LoadedView loaded={participant}>
        {(p) => (
          <>
            <dl className="facts">
              <dt>Name</dt>
              <dd>{p.name}</dd>
              <dt>E-mail address</dt>
              <dd>{p.email}</dd>
              <dt>Group</dt>
              <dd>
                {group.acronym} <span className="muted">({group.title})</span>
              </dd>
              <dt>Role</dt>
              <dd>{ROLE_LABEL[p.role]}</dd>
              <dt>Status</dt>
              <dd>{STATUS_LABEL[p.status]}</dd>
              <dt>Time zone</dt>
              <dd>
                {p.timeZone} <span className="muted">({offsetLabel(new Date(), p.timeZone)} today)</span>
              </dd>
              <dt>Registered</dt>
              <dd>
                <When at={p.joinedAt} />
              </dd>
              {expiresAt && (
                <>
                  <dt>This session ends</dt>
                  <dd>
                    <When at={expiresAt} />
                    <br />
                    <span className="muted">
                      {dateTimeIn(expiresAt, p.timeZone)} in {p.timeZone}
                    </span>
                  </dd>
                </>
              )}
            </dl>
            <h3>Change my details</h3>
            <p className="muted">
              Your time zone is used to show you meeting times and to plan meetings at hours that suit everyone.
            </p>
            <ParticipantForm groupId={group.id} participant={p} abilities={abilities} onSaved={onChanged} />
          </>
        )}
      </LoadedView>
    </section>
  );
}
