import { Link } from 'wouter';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Principal } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';

type Staff = Extract<Principal, { kind: 'admin' | 'integrator' }>;

const ADMIN_CAN = [
  'register groups, and record the parent’s decisions: extensions, study groups, conclusion, ToR revisions;',
  'register organizations, set the study groups they take part in, and admit them to groups;',
  'register participants, change their details (their e-mail address too), and record that they left;',
  'end a participant’s browser sessions, and issue their calendar feed address;',
  'record co-convenor appointments;',
  'enter the meetings of the study groups and the parent, which set when reports are due;',
  'manage webhook endpoints, and create and revoke API keys (for participants, TSB and administrators).',
];

const TSB_CAN = [
  'enter the meetings of the study groups and the parent, which set when reports are due;',
  'create, change, announce and cancel meetings for the co-convenors, and give their join details;',
  'keep the register of work items with the co-convenors, submit reports, and acknowledge them with their TD number;',
  'register organizations, set the study groups they take part in, and admit them to groups;',
  'register participants, change their details (not their e-mail address), and record that they left;',
  'record co-convenor appointments and the parent’s decisions, and manage its webhook endpoints.',
];

/** My page for an administrator or TSB: who they are, what they can do, and the groups to open. */
export function StaffSummary({ principal }: { principal: Staff }) {
  const groups = useLoad(() => settle(api.GET('/v1/groups')), []);
  const isAdmin = principal.kind === 'admin';
  return (
    <>
      <section aria-labelledby="who-i-am">
        <h2 id="who-i-am">Who I am</h2>
        <dl className="facts">
          <dt>Signed in as</dt>
          <dd>{isAdmin ? 'An administrator' : 'TSB, the ITU secretariat (integrator)'}</dd>
          <dt>With the API key</dt>
          <dd>
            <code>{principal.keyId}</code>
          </dd>
        </dl>
        <p className="muted">
          {isAdmin ? 'Administrators use' : 'TSB uses'} the console with an API key, not an e-mail link: there is no
          participant registration, meetings list or personal calendar feed for {isAdmin ? 'an administrator' : 'TSB'}.
        </p>
      </section>
      <section aria-labelledby="what-i-can-do">
        <h2 id="what-i-can-do">What I can do</h2>
        <p>In every group, {isAdmin ? 'an administrator' : 'TSB'} may:</p>
        <ul>
          {(isAdmin ? ADMIN_CAN : TSB_CAN).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="my-groups">
        <h2 id="my-groups">Groups</h2>
        <LoadedView loaded={groups}>
          {(answer) =>
            answer.items.length === 0 ? (
              <p>No group is registered yet.</p>
            ) : (
              <ul>
                {answer.items.map((g) => (
                  <li key={g.id}>
                    <Link href={`/groups/${g.id}`}>{g.acronym}</Link>: {g.title}{' '}
                    <span className="muted">({g.status})</span>,{' '}
                    <Link href={`/groups/${g.id}/admin`}>administration</Link>
                  </li>
                ))}
              </ul>
            )
          }
        </LoadedView>
      </section>
    </>
  );
}
