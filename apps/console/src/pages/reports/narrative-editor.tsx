import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Problem } from '../../api/problem';
import { settle } from '../../api/result';
import type { Answer } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { actorName, type Objective } from './common';

type Revision = Answer<
  '/v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}/history',
  'get'
>['items'][number];

interface Props {
  groupId: string;
  obligationId: string;
  objective: Objective;
  title: string;
  /** The text and revision the draft has (revision 0: not written yet). */
  text: string;
  revision: number;
  mayWrite: boolean;
  names: Map<string, string>;
  onSaved: () => void;
}

const historyOf = (groupId: string, obligationId: string, objective: Objective) =>
  settle(
    api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}/history', {
      params: { path: { groupId, obligationId, objective } },
    }),
  );

/**
 * One objective's narrative. Saving checks first that nobody saved a newer revision since the
 * page was read (the API takes the last write), and if someone did, shows theirs before overwriting.
 */
export function NarrativeEditor({
  groupId,
  obligationId,
  objective,
  title,
  text,
  revision,
  mayWrite,
  names,
  onSaved,
}: Props) {
  const [draft, setDraft] = useState(text);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [newer, setNewer] = useState<Revision | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const id = useId();
  const changed = draft.trim() !== text.trim();

  const write = async (overwrite: boolean) => {
    setBusy(true);
    setProblem(null);
    if (!overwrite) {
      const history = await historyOf(groupId, obligationId, objective);
      if (!history.ok) {
        setBusy(false);
        return setProblem(history.problem);
      }
      const last = history.data.items.at(-1);
      if (last && last.revision !== revision) {
        setBusy(false);
        return setNewer(last);
      }
    }
    const result = await settle(
      api.PUT('/v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}', {
        params: { path: { groupId, obligationId, objective } },
        body: { text: draft },
      }),
    );
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setNewer(null);
    onSaved();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void write(false);
  };

  return (
    <section aria-labelledby={`${id}-h`} className="card stack narrative">
      <h4 id={`${id}-h`}>
        Objective ({objective}): {title}
      </h4>
      <p className="muted">
        {revision === 0 ? 'Not written yet.' : `Revision ${revision}.`}
        {changed && ' You have changes that are not saved.'}
      </p>
      {!mayWrite ? (
        revision > 0 && <div className="narrative-text">{text}</div>
      ) : (
        <form onSubmit={submit} className="stack">
          <label>
            Narrative of objective ({objective})
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={6} maxLength={50_000} />
          </label>
          <div className="row">
            <button type="submit" disabled={busy || !changed || draft.trim() === ''}>
              {busy ? 'Saving…' : `Save objective (${objective})`}
            </button>
            {changed ? (
              <button type="button" className="secondary" onClick={() => setDraft(text)} disabled={busy}>
                Undo my changes
              </button>
            ) : (
              <span className="muted">Nothing changed yet.</span>
            )}
          </div>
          {draft.trim() === '' && changed && (
            <p className="warn">A narrative cannot be empty: write something, or undo your changes.</p>
          )}
          <ProblemMessage problem={problem} />
        </form>
      )}
      {newer && (
        <div className="problem" role="alert">
          <strong>
            {actorName(newer.writtenBy, names)} saved revision {newer.revision} <When at={newer.writtenAt} /> since you
            opened this page.
          </strong>
          <p>Their text:</p>
          <blockquote>{newer.text}</blockquote>
          <div className="row">
            <button type="button" className="danger" onClick={() => void write(true)} disabled={busy}>
              Save mine over theirs
            </button>
            <button type="button" className="secondary" onClick={onSaved} disabled={busy}>
              Discard mine and show theirs
            </button>
          </div>
        </div>
      )}
      <details onToggle={(e) => setShowHistory(e.currentTarget.open)}>
        <summary>All revisions of objective ({objective})</summary>
        {showHistory && <History groupId={groupId} obligationId={obligationId} objective={objective} names={names} />}
      </details>
    </section>
  );
}

function History({
  groupId,
  obligationId,
  objective,
  names,
}: {
  groupId: string;
  obligationId: string;
  objective: Objective;
  names: Map<string, string>;
}) {
  const history = useLoad(() => historyOf(groupId, obligationId, objective), [groupId, obligationId, objective]);
  return (
    <LoadedView loaded={history}>
      {(answer) =>
        answer.items.length === 0 ? (
          <p>No revision yet.</p>
        ) : (
          <ol reversed>
            {[...answer.items].reverse().map((r) => (
              <li key={r.revision} value={r.revision}>
                <p>
                  Revision {r.revision}, <When at={r.writtenAt} />, by {actorName(r.writtenBy, names)}
                </p>
                <blockquote>{r.text}</blockquote>
              </li>
            ))}
          </ol>
        )
      }
    </LoadedView>
  );
}
