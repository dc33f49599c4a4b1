import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { KINDS, STATUSES, type Kind, type Status, type Topic, type WorkItem, type WorkItemInput } from './common';
import { dayIn, GENEVA } from '../../time/format';

/** Adds a work item (`item` null) or changes one; the API checks the identifier against its kind. */
export function WorkItemForm({
  groupId,
  item,
  studyGroups,
  topics,
  onDone,
}: {
  groupId: string;
  item: WorkItem | null;
  studyGroups: string[];
  topics: Topic[];
  onDone: (saved: boolean) => void;
}) {
  const [kind, setKind] = useState<Kind>(item?.kind ?? 'recommendation');
  const [identifier, setIdentifier] = useState(item?.identifier ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [studyGroup, setStudyGroup] = useState(item?.studyGroup ?? studyGroups[0] ?? '');
  const [status, setStatus] = useState<Status>(item?.status ?? 'under-study');
  const [statusDate, setStatusDate] = useState(item?.statusDate ?? dayIn(GENEVA));
  const [link, setLink] = useState(item?.link ?? '');
  const [chosen, setChosen] = useState<string[]>(item?.topics ?? []);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const save = useAction(
    useCallback(
      (body: WorkItemInput) =>
        item
          ? settle(
              api.PUT('/v1/groups/{groupId}/work-items/{workItemId}', {
                params: { path: { groupId, workItemId: item.id } },
                body,
              }),
            )
          : settle(api.POST('/v1/groups/{groupId}/work-items', { params: { path: { groupId } }, body })),
      [groupId, item],
    ),
    () => onDone(true),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run({
      kind,
      identifier: identifier.trim(),
      title: title.trim(),
      studyGroup,
      status,
      statusDate,
      link: link.trim() === '' ? null : link.trim(),
      topics: chosen,
    });
  };
  const example = KINDS.find((k) => k.value === kind)?.example ?? '';
  const heading = item ? `Change ${item.identifier}` : 'Add a work item';

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="work-item-form">
      <h3 id="work-item-form">{heading}</h3>
      <div className="row">
        <label>
          Kind
          <select ref={first} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Identifier
          <input
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            required
            maxLength={60}
            size={14}
            aria-describedby="identifier-hint"
          />
        </label>
        <label>
          Study group
          <select value={studyGroup} onChange={(e) => setStudyGroup(e.target.value)} required>
            {studyGroups.map((sg) => (
              <option key={sg} value={sg}>
                {sg}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="identifier-hint" className="muted">
        As ITU writes a {KINDS.find((k) => k.value === kind)?.label.toLowerCase()}, e.g. {example}
        {kind === 'question' ? ' (a Question names its study group: Q6/17 is one of SG17)' : ''}.
      </p>
      <label className="wide">
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
      </label>
      <div className="row">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status since
          <input type="date" value={statusDate} onChange={(e) => setStatusDate(e.target.value)} required />
        </label>
        <label>
          Link (optional)
          <input
            type="url"
            value={link}
            onChange={(e) => setLink(e.target.value)}
            placeholder="https://www.itu.int/…"
          />
        </label>
      </div>
      <fieldset>
        <legend>Topics</legend>
        {topics.length === 0 ? (
          <p className="muted">The group has no topics yet: add them under Topics below.</p>
        ) : (
          <div className="row">
            {topics.map((t) => (
              <label key={t.key} className="inline">
                <input
                  type="checkbox"
                  checked={chosen.includes(t.key)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, t.key] : c.filter((k) => k !== t.key)))}
                />{' '}
                {t.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="row">
        <button type="submit" disabled={save.busy}>
          {item ? `Save ${item.identifier}` : 'Add to the register'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)} disabled={save.busy}>
          Cancel
        </button>
      </div>
      <ProblemMessage problem={save.problem} />
    </form>
  );
}
