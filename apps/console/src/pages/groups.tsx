import { Link } from 'wouter';
import { api } from '../api/client';
import { settle } from '../api/result';
import { LoadedView } from '../ui/loaded';
import { useLoad } from '../ui/use-load';

/** For administrators and TSB: the groups to open. */
export function GroupsPage() {
  const groups = useLoad(() => settle(api.GET('/v1/groups')), []);
  return (
    <>
      <h1>Groups</h1>
      <LoadedView loaded={groups}>
        {(answer) =>
          answer.items.length === 0 ? (
            <p>No group is registered yet.</p>
          ) : (
            <ul>
              {answer.items.map((g) => (
                <li key={g.id}>
                  <Link href={`/groups/${g.id}`}>
                    {g.acronym}: {g.title}
                  </Link>{' '}
                  <span className="muted">({g.status})</span>
                </li>
              ))}
            </ul>
          )
        }
      </LoadedView>
    </>
  );
}
