import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { type MatrixRow } from './common';
import { DemarcationForm, DemarcationHistory } from './demarcation-form';
import { TableWrap } from '../../ui/table-wrap';
import { calendarDay } from '../../time/format';

/** Overlap, gap, or one study group: in words, with the colour only beside them. */
function Assessment({ row }: { row: MatrixRow }) {
  if (row.gap) return <span className="bad">Gap: no study group works on it</span>;
  if (row.overlap) return <span className="warn">Overlap: several study groups work on it</span>;
  return <span className="ok">One study group</span>;
}

/** Topics × study groups: who has work items on what, and the proposed demarcation line. */
export function OverlapMatrixSection({
  groupId,
  asOf,
  editable,
  generation,
  onChange,
}: {
  groupId: string;
  asOf: string;
  editable: boolean;
  generation: number;
  onChange: () => void;
}) {
  const matrix = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/overlap-matrix', { params: { path: { groupId }, query: asOf ? { asOf } : {} } }),
      ),
    [groupId, asOf, generation],
  );
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section aria-labelledby="matrix">
      <h2 id="matrix">Overlap matrix and demarcation</h2>
      <LoadedView loaded={matrix}>
        {(m) =>
          m.rows.length === 0 ? (
            <p>The matrix has no rows: add topics to the group&rsquo;s vocabulary first.</p>
          ) : (
            <>
              <p className="muted">
                {m.asOf ? `As the register stood on ${calendarDay(m.asOf)}. ` : ''}Withdrawn work items are left out. An
                overlap is a topic on which several study groups have work items; a gap, one on which none has.
              </p>
              <TableWrap label="Overlap matrix">
                <table className="matrix">
                  <caption>Work items per topic and study group</caption>
                  <thead>
                    <tr>
                      <th scope="col">Topic</th>
                      {m.studyGroups.map((sg) => (
                        <th scope="col" key={sg}>
                          {sg}
                        </th>
                      ))}
                      <th scope="col">Assessment</th>
                      <th scope="col">Proposed demarcation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.rows.map((row) => (
                      <tr key={row.topic.key}>
                        <th scope="row">{row.topic.name}</th>
                        {m.studyGroups.map((sg) => {
                          const ids = row.items[sg] ?? [];
                          return (
                            <td key={sg}>
                              {ids.length === 0 ? (
                                <span className="muted">None</span>
                              ) : (
                                <ul>
                                  {ids.map((id) => (
                                    <li key={id}>{id}</li>
                                  ))}
                                </ul>
                              )}
                            </td>
                          );
                        })}
                        <td>
                          <Assessment row={row} />
                        </td>
                        <td>
                          {row.demarcation ? (
                            <>
                              <strong>
                                {row.demarcation.leadStudyGroup
                                  ? `${row.demarcation.leadStudyGroup} leads`
                                  : 'No single lead'}
                              </strong>
                              <div className="rationale">{row.demarcation.rationale}</div>
                              <div className="muted">
                                Revision {row.demarcation.revision}, <When at={row.demarcation.decidedAt} />
                              </div>
                              {row.demarcation.revision > 1 && (
                                <details>
                                  <summary>Earlier proposals for {row.topic.name}</summary>
                                  <DemarcationHistory groupId={groupId} topicKey={row.topic.key} />
                                </details>
                              )}
                            </>
                          ) : (
                            <span className="muted">None proposed</span>
                          )}
                          {editable && (
                            <div>
                              <button
                                type="button"
                                className="secondary"
                                aria-label={`Propose the demarcation of ${row.topic.name}`}
                                onClick={() => setEditing(row.topic.key)}
                              >
                                Propose
                              </button>
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {editable &&
                editing &&
                (() => {
                  const row = m.rows.find((r) => r.topic.key === editing);
                  return row ? (
                    <DemarcationForm
                      key={editing}
                      groupId={groupId}
                      row={row}
                      studyGroups={m.studyGroups}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) onChange();
                      }}
                    />
                  ) : null;
                })()}
            </>
          )
        }
      </LoadedView>
    </section>
  );
}
