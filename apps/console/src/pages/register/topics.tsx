import { useCallback, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import type { Loaded } from '../../ui/use-load';
import type { Topic } from './common';
import { TableWrap } from '../../ui/table-wrap';

/** The group's topic vocabulary: the rows of the overlap matrix, and what work items are tagged with. */
export function Topics({
  topics,
  groupId,
  editable,
  onChange,
}: {
  topics: Loaded<{ items: Topic[] }>;
  groupId: string;
  editable: boolean;
  onChange: () => void;
}) {
  const [editing, setEditing] = useState<Topic | null>(null);
  const form = useRef<HTMLInputElement>(null);
  return (
    <section aria-labelledby="topics">
      <h2 id="topics">Topics</h2>
      <LoadedView loaded={topics}>
        {(answer) =>
          answer.items.length === 0 ? (
            <p>The group has no topics yet.</p>
          ) : (
            <TableWrap label="Topics">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col">Key</th>
                    <th scope="col">Description</th>
                    {editable && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {answer.items.map((t) => (
                    <tr key={t.key}>
                      <th scope="row">{t.name}</th>
                      <td>
                        <code>{t.key}</code>
                      </td>
                      <td>{t.description ?? <span className="muted">None</span>}</td>
                      {editable && (
                        <td>
                          <button
                            type="button"
                            className="secondary"
                            aria-label={`Rename ${t.name}`}
                            onClick={() => {
                              setEditing(t);
                              setTimeout(() => form.current?.focus(), 0);
                            }}
                          >
                            Rename
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </LoadedView>
      {editable && (
        <TopicForm
          key={editing?.key ?? 'new'}
          groupId={groupId}
          topic={editing}
          firstField={form}
          onDone={(saved) => {
            setEditing(null);
            if (saved) onChange();
          }}
        />
      )}
    </section>
  );
}

function TopicForm({
  groupId,
  topic,
  firstField,
  onDone,
}: {
  groupId: string;
  topic: Topic | null;
  firstField: RefObject<HTMLInputElement | null>;
  onDone: (saved: boolean) => void;
}) {
  const [key, setKey] = useState(topic?.key ?? '');
  const [name, setName] = useState(topic?.name ?? '');
  const [description, setDescription] = useState(topic?.description ?? '');
  const put = useAction(
    useCallback(
      (k: string, body: { name: string; description: string | null }) =>
        settle(api.PUT('/v1/groups/{groupId}/topics/{key}', { params: { path: { groupId, key: k } }, body })),
      [groupId],
    ),
    () => {
      setKey('');
      setName('');
      setDescription('');
      onDone(true);
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void put.run(key.trim(), { name: name.trim(), description: description.trim() === '' ? null : description.trim() });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="topic-form">
      <h3 id="topic-form">{topic ? `Rename ${topic.name}` : 'Add a topic'}</h3>
      <div className="row">
        <label>
          Key
          <input
            ref={topic ? undefined : firstField}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            readOnly={topic !== null}
            required
            pattern="[a-z0-9][a-z0-9\-]{0,59}"
            title='lower-case letters, digits and "-", e.g. "device-identity"'
            placeholder="device-identity"
            aria-describedby="topic-key-hint"
          />
        </label>
        <label>
          Name
          <input
            ref={topic ? firstField : undefined}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={120}
          />
        </label>
      </div>
      <p id="topic-key-hint" className="muted">
        {topic
          ? 'The key stays: work items and the matrix refer to it.'
          : 'Lower-case letters, digits and "-"; it never changes once used.'}
      </p>
      <label className="wide">
        Description (optional)
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={2} />
      </label>
      <div className="row">
        <button type="submit" disabled={put.busy}>
          {topic ? 'Save the name' : 'Add the topic'}
        </button>
        {topic && (
          <button type="button" className="secondary" onClick={() => onDone(false)}>
            Cancel
          </button>
        )}
      </div>
      <ProblemMessage problem={put.problem} />
    </form>
  );
}
