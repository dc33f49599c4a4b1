import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { actorName, useParticipantNames } from '../reports/common';
import type { MatrixRow } from './common';

const NO_LEAD = '';

/** Proposes a topic's lead study group and the rationale: a new revision of its demarcation line. */
export function DemarcationForm({
  groupId,
  row,
  studyGroups,
  onDone,
}: {
  groupId: string;
  row: MatrixRow;
  studyGroups: string[];
  onDone: (saved: boolean) => void;
}) {
  const [lead, setLead] = useState(row.demarcation?.leadStudyGroup ?? NO_LEAD);
  const [rationale, setRationale] = useState(row.demarcation?.rationale ?? '');
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const put = useAction(
    useCallback(
      (body: { leadStudyGroup: string | null; rationale: string }) =>
        settle(
          api.PUT('/v1/groups/{groupId}/demarcation/{topicKey}', {
            params: { path: { groupId, topicKey: row.topic.key } },
            body,
          }),
        ),
      [groupId, row.topic.key],
    ),
    () => onDone(true),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void put.run({ leadStudyGroup: lead === NO_LEAD ? null : lead, rationale: rationale.trim() });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="demarcation-form">
      <h3 id="demarcation-form">Demarcation of {row.topic.name}</h3>
      <label>
        Proposed lead study group
        <select ref={first} value={lead} onChange={(e) => setLead(e.target.value)}>
          {studyGroups.map((sg) => (
            <option key={sg} value={sg}>
              {sg}
            </option>
          ))}
          <option value={NO_LEAD}>No single lead</option>
        </select>
      </label>
      <label className="wide">
        Rationale
        <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} required maxLength={5000} rows={4} />
      </label>
      <div className="row">
        <button type="submit" disabled={put.busy || rationale.trim() === ''}>
          Save the proposal
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)} disabled={put.busy}>
          Cancel
        </button>
      </div>
      <ProblemMessage problem={put.problem} />
    </form>
  );
}

/** Every revision of a topic's demarcation line, newest first. */
export function DemarcationHistory({ groupId, topicKey }: { groupId: string; topicKey: string }) {
  const names = useParticipantNames(groupId);
  const history = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/demarcation/{topicKey}/history', { params: { path: { groupId, topicKey } } }),
      ),
    [groupId, topicKey],
  );
  return (
    <LoadedView loaded={history}>
      {(answer) => (
        <ol reversed>
          {[...answer.items].reverse().map((d) => (
            <li key={d.revision} value={d.revision}>
              {d.leadStudyGroup ? `${d.leadStudyGroup} leads` : 'No single lead'}: {d.rationale}{' '}
              <span className="muted">
                (<When at={d.decidedAt} />, {actorName(d.decidedBy, names)})
              </span>
            </li>
          ))}
        </ol>
      )}
    </LoadedView>
  );
}
