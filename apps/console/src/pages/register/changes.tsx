import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { actorName, useParticipantNames } from '../reports/common';
import { kindLabel, statusLabel, type RegisterChange, type Topic } from './common';
import { TableWrap } from '../../ui/table-wrap';
import { calendarDay } from '../../time/format';

const SHOWN = 15;

/** What a change did, field by field. */
function describe(change: RegisterChange, topicName: (key: string) => string): string {
  const { before, after } = change;
  if (!before && after)
    return `${kindLabel(after.kind)} of ${after.studyGroup}, ${statusLabel(after.status).toLowerCase()} since ${calendarDay(after.statusDate)}: ${after.title}`;
  if (before && !after) return `Taken out (was ${statusLabel(before.status).toLowerCase()})`;
  if (!before || !after) return '';
  const parts: string[] = [];
  if (before.identifier !== after.identifier) parts.push(`identifier ${before.identifier} → ${after.identifier}`);
  if (before.kind !== after.kind) parts.push(`kind ${kindLabel(before.kind)} → ${kindLabel(after.kind)}`);
  if (before.title !== after.title) parts.push(`title “${before.title}” → “${after.title}”`);
  if (before.studyGroup !== after.studyGroup) parts.push(`study group ${before.studyGroup} → ${after.studyGroup}`);
  if (before.status !== after.status || before.statusDate !== after.statusDate)
    parts.push(
      `status ${statusLabel(before.status)} (${calendarDay(before.statusDate)}) → ${statusLabel(after.status)} (${calendarDay(after.statusDate)})`,
    );
  if ((before.link ?? '') !== (after.link ?? '')) parts.push(`link ${before.link ?? 'none'} → ${after.link ?? 'none'}`);
  const topics = (t: string[]) => (t.length ? t.map(topicName).join(', ') : 'none');
  if (topics(before.topics) !== topics(after.topics))
    parts.push(`topics ${topics(before.topics)} → ${topics(after.topics)}`);
  return parts.join('; ') || 'No visible change';
}

/** Every change of the register, newest first: who, when, what. */
export function RegisterChanges({
  groupId,
  generation,
  topics,
}: {
  groupId: string;
  generation: number;
  topics: Topic[];
}) {
  const changes = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/register/changes', { params: { path: { groupId } } })),
    [groupId, generation],
  );
  const names = useParticipantNames(groupId);
  const [all, setAll] = useState(false);
  const topicName = (key: string) => topics.find((t) => t.key === key)?.name ?? key;
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">Changes to the register</h2>
      <LoadedView loaded={changes}>
        {(answer) => {
          const newest = [...answer.items].reverse();
          const shown = all ? newest : newest.slice(0, SHOWN);
          return newest.length === 0 ? (
            <p>No change yet.</p>
          ) : (
            <>
              <TableWrap label="Changes to the register">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Work item</th>
                      <th scope="col">Change</th>
                      <th scope="col">By</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <When at={c.at} />
                        </td>
                        <th scope="row">{c.identifier}</th>
                        <td>
                          <span className="badge">{c.change}</span> {describe(c, topicName)}
                        </td>
                        <td>{actorName(c.actor, names)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {newest.length > SHOWN && (
                <button type="button" className="secondary" onClick={() => setAll((a) => !a)}>
                  {all ? `Show the latest ${SHOWN} only` : `Show all ${newest.length} changes`}
                </button>
              )}
            </>
          );
        }}
      </LoadedView>
    </section>
  );
}
