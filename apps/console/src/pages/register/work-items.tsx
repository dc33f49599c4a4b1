import { useCallback, useRef, useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Principal } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { FileLink, useConfirmFocus } from '../reports/common';
import { kindLabel, statusLabel, type Topic, type WorkItem } from './common';
import { CsvImport } from './csv-import';
import { WorkItemForm } from './work-item-form';
import { TableWrap } from '../../ui/table-wrap';
import { calendarDay } from '../../time/format';

interface Props {
  groupId: string;
  asOf: string;
  principal: Principal;
  editable: boolean;
  studyGroups: string[];
  topics: Topic[];
  generation: number;
  onChange: () => void;
}

/** The register's work items, with adding, changing and taking out for the co-convenors (and TSB). */
export function WorkItems({ groupId, asOf, principal, editable, studyGroups, topics, generation, onChange }: Props) {
  const items = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/work-items', { params: { path: { groupId }, query: asOf ? { asOf } : {} } }),
      ),
    [groupId, asOf, generation],
  );
  const [editing, setEditing] = useState<WorkItem | 'new' | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const [studyGroup, setStudyGroup] = useState('');
  const topicName = (key: string) => topics.find((t) => t.key === key)?.name ?? key;
  const csv = `/v1/groups/${groupId}/work-items.csv${asOf ? `?asOf=${asOf}` : ''}`;

  return (
    <section aria-labelledby="items">
      <h2 id="items">Work items</h2>
      <div className="row">
        <FileLink
          principal={principal}
          href={csv}
          fetchFile={() =>
            api.GET('/v1/groups/{groupId}/work-items.csv', {
              params: { path: { groupId }, query: asOf ? { asOf } : {} },
              parseAs: 'blob',
            })
          }
        >
          Download the register as CSV
        </FileLink>
        {editable && editing === null && (
          <button ref={addButton} type="button" onClick={() => setEditing('new')}>
            Add a work item
          </button>
        )}
      </div>
      {editable && editing !== null && (
        <WorkItemForm
          groupId={groupId}
          item={editing === 'new' ? null : editing}
          studyGroups={studyGroups}
          topics={topics}
          onDone={(saved) => {
            setEditing(null);
            if (saved) onChange();
            setTimeout(() => addButton.current?.focus(), 0);
          }}
        />
      )}
      <LoadedView loaded={items}>
        {(answer) => {
          const shown = answer.items.filter((i) => !studyGroup || i.studyGroup === studyGroup);
          return (
            <>
              <div className="row">
                <label>
                  Study group
                  <select value={studyGroup} onChange={(e) => setStudyGroup(e.target.value)}>
                    <option value="">All ({answer.items.length})</option>
                    {studyGroups.map((sg) => (
                      <option key={sg} value={sg}>
                        {sg} ({answer.items.filter((i) => i.studyGroup === sg).length})
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {shown.length === 0 ? (
                <p>{answer.items.length === 0 ? 'The register is empty.' : 'No work item of this study group.'}</p>
              ) : (
                <TableWrap label="Work items">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Identifier</th>
                        <th scope="col">Title</th>
                        <th scope="col">Kind</th>
                        <th scope="col">Study group</th>
                        <th scope="col">Status</th>
                        <th scope="col">Topics</th>
                        {editable && <th scope="col">Actions</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((item) => (
                        <tr key={item.id}>
                          <th scope="row">
                            {item.link ? (
                              <a href={item.link} rel="noreferrer">
                                {item.identifier}
                              </a>
                            ) : (
                              item.identifier
                            )}
                          </th>
                          <td>{item.title}</td>
                          <td>{kindLabel(item.kind)}</td>
                          <td>{item.studyGroup}</td>
                          <td>
                            {statusLabel(item.status)}{' '}
                            <span className="muted">since {calendarDay(item.statusDate)}</span>
                          </td>
                          <td>
                            {item.topics.length === 0 ? (
                              <span className="muted">None</span>
                            ) : (
                              item.topics.map(topicName).join(', ')
                            )}
                          </td>
                          {editable && (
                            <td>
                              <ItemActions
                                groupId={groupId}
                                item={item}
                                onEdit={() => setEditing(item)}
                                onChange={onChange}
                              />
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          );
        }}
      </LoadedView>
      {editable && <CsvImport groupId={groupId} onChange={onChange} />}
    </section>
  );
}

function ItemActions({
  groupId,
  item,
  onEdit,
  onChange,
}: {
  groupId: string;
  item: WorkItem;
  onEdit: () => void;
  onChange: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const { opener, safe } = useConfirmFocus(confirming);
  const remove = useAction(
    useCallback(
      () =>
        settle(
          api.DELETE('/v1/groups/{groupId}/work-items/{workItemId}', {
            params: { path: { groupId, workItemId: item.id } },
          }),
        ),
      [groupId, item.id],
    ),
    onChange,
  );
  return (
    <div className="stack">
      {!confirming ? (
        <div className="row">
          <button type="button" className="secondary" onClick={onEdit} aria-label={`Change ${item.identifier}`}>
            Change
          </button>
          <button
            ref={opener}
            type="button"
            className="secondary"
            onClick={() => setConfirming(true)}
            aria-label={`Take out ${item.identifier}`}
          >
            Take out
          </button>
        </div>
      ) : (
        <div role="group" aria-label={`Confirm taking ${item.identifier} out`} className="stack">
          <span>Take {item.identifier} out of the register? Its history stays.</span>
          <div className="row">
            <button type="button" className="danger" onClick={() => void remove.run()} disabled={remove.busy}>
              Yes, take {item.identifier} out
            </button>
            <button ref={safe} type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      <ProblemMessage problem={remove.problem} />
    </div>
  );
}
