import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { meetingPath, type Agenda, type AgendaItem, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

interface Row {
  key: number;
  title: string;
  presenter: string;
  minutes: string;
  documents: string;
}

let nextKey = 0;
const rowOf = (item: AgendaItem): Row => ({
  key: nextKey++,
  title: item.title,
  presenter: item.presenter ?? '',
  minutes: item.minutes === null ? '' : String(item.minutes),
  documents: item.documents.join(', '),
});
const emptyRow = (): Row => ({ key: nextKey++, title: '', presenter: '', minutes: '', documents: '' });

function itemOf(row: Row): AgendaItem {
  const minutes = row.minutes.trim() === '' ? null : Number(row.minutes);
  return {
    title: row.title.trim(),
    presenter: row.presenter.trim() || null,
    minutes: minutes === null || Number.isNaN(minutes) ? null : minutes,
    documents: row.documents
      .split(/[,\n]/)
      .map((d) => d.trim())
      .filter(Boolean),
  };
}

/** Edits the agenda's items (PUT replaces them all): before the announcement the draft, after it a revision. */
export function AgendaEditor({
  ctx,
  agenda,
  onSaved,
  onClose,
}: {
  ctx: MeetingContext;
  agenda: Agenda;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { meeting } = ctx;
  const [rows, setRows] = useState<Row[]>(() => (agenda.items.length ? agenda.items.map(rowOf) : [emptyRow()]));
  const save = useMeetingAction(
    () =>
      settle(
        api.PUT('/v1/groups/{groupId}/meetings/{meetingId}/agenda', {
          ...meetingPath(meeting),
          body: { items: rows.map(itemOf) },
        }),
      ),
    ctx,
    onSaved,
  );
  const announced = meeting.state === 'announced';
  const nextRevision = agenda.label.startsWith('rev.') ? Number(agenda.label.slice(4)) + 1 : 1;

  const set = (index: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const swap = (a: number, b: number) =>
    setRows((rs) => {
      const next = [...rs];
      [next[a], next[b]] = [next[b], next[a]];
      return next;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };

  return (
    <form className="stack" aria-label="Edit the agenda" onSubmit={submit}>
      {announced && (
        <p className="warn">
          The meeting is announced: saving sends the revised draft agenda (rev.{nextRevision}) to{' '}
          {ctx.group.mailingList} (R4).
        </p>
      )}
      <ol className="stack meeting-agenda-rows">
        {rows.map((row, i) => {
          const n = i + 1;
          return (
            <li key={row.key}>
              <fieldset className="stack">
                <legend>Item {n}</legend>
                <label className="field-wide">
                  Item {n} title
                  <input
                    type="text"
                    required
                    maxLength={300}
                    value={row.title}
                    onChange={(e) => set(i, { title: e.target.value })}
                  />
                </label>
                <div className="row">
                  <label>
                    Item {n} presenter
                    <input
                      type="text"
                      maxLength={200}
                      value={row.presenter}
                      onChange={(e) => set(i, { presenter: e.target.value })}
                    />
                  </label>
                  <label>
                    Item {n} minutes
                    <input
                      type="number"
                      min={1}
                      max={600}
                      step={1}
                      inputMode="numeric"
                      value={row.minutes}
                      onChange={(e) => set(i, { minutes: e.target.value })}
                    />
                  </label>
                  <label>
                    Item {n} documents
                    <input
                      type="text"
                      placeholder="JCG-IoTSec-C-001, …"
                      value={row.documents}
                      onChange={(e) => set(i, { documents: e.target.value })}
                    />
                  </label>
                </div>
                <div className="row">
                  <button type="button" className="secondary" disabled={i === 0} onClick={() => swap(i, i - 1)}>
                    Move item {n} up
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={i === rows.length - 1}
                    onClick={() => swap(i, i + 1)}
                  >
                    Move item {n} down
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={rows.length === 1}
                    onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                  >
                    Remove item {n}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p className="muted">Documents are separated by commas. An agenda has 1 to 100 items.</p>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={rows.length >= 100}
          onClick={() => setRows((rs) => [...rs, emptyRow()])}
        >
          Add item
        </button>
        <button type="submit" disabled={save.busy}>
          Save agenda
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Discard changes
        </button>
      </div>
      <ProblemMessage problem={save.problem} />
    </form>
  );
}
