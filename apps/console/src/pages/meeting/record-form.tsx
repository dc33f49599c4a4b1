import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Body } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useLoad } from '../../ui/use-load';
import { meetingPath, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

type RecordBody = Body<'/v1/groups/{groupId}/meetings/{meetingId}/record', 'post'>;
type Attendee = RecordBody['attendance'][number];
type ActionItem = RecordBody['actionItems'][number];

interface Member {
  participantId: string;
  name: string;
  organization: string;
}

let nextKey = 0;
interface Other {
  key: number;
  name: string;
  organization: string;
}
interface ActionRow {
  key: number;
  description: string;
  owner: string;
  due: string;
  status: ActionItem['status'];
}
const newAction = (): ActionRow => ({ key: nextKey++, description: '', owner: '', due: '', status: 'open' });

/** Writes (or changes) the record; attendance by organization, from the roster and others by hand. */
export function RecordForm({ ctx, onDone }: { ctx: MeetingContext; onDone: () => void }) {
  const { group } = ctx;
  const roster = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/roster.json', { params: { path: { groupId: group.id } } })),
    [group.id],
  );
  return (
    <LoadedView loaded={roster}>
      {(r) => {
        const members: Member[] = ctx.participants.map((p) => ({
          participantId: p.id,
          name: p.name,
          organization: r.items.find((e) => e.email === p.email)?.organization ?? '',
        }));
        return <RecordFields ctx={ctx} members={members} onDone={onDone} />;
      }}
    </LoadedView>
  );
}

function RecordFields({ ctx, members, onDone }: { ctx: MeetingContext; members: Member[]; onDone: () => void }) {
  const { meeting } = ctx;
  const record = meeting.record;
  const known = new Set(members.map((m) => m.participantId));
  const [present, setPresent] = useState<Set<string>>(
    () =>
      new Set(
        (record?.attendance ?? []).flatMap((a) =>
          a.participantId && known.has(a.participantId) ? [a.participantId] : [],
        ),
      ),
  );
  const [others, setOthers] = useState<Other[]>(() =>
    (record?.attendance ?? [])
      .filter((a) => !a.participantId || !known.has(a.participantId))
      .map((a) => ({ key: nextKey++, name: a.name, organization: a.organization })),
  );
  const [minutes, setMinutes] = useState(record?.minutes ?? '');
  const [decisions, setDecisions] = useState((record?.decisions ?? []).join('\n'));
  const [actions, setActions] = useState<ActionRow[]>(() =>
    (record?.actionItems ?? []).map((a) => ({ key: nextKey++, ...a, due: a.due ?? '' })),
  );

  const body = (): RecordBody => ({
    attendance: [
      ...members
        .filter((m) => present.has(m.participantId))
        .map((m): Attendee => ({ name: m.name, organization: m.organization, participantId: m.participantId })),
      ...others.map((o): Attendee => ({ name: o.name.trim(), organization: o.organization.trim() })),
    ],
    minutes: minutes.trim(),
    decisions: decisions
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean),
    actionItems: actions.map((a): ActionItem => ({
      description: a.description.trim(),
      owner: a.owner.trim(),
      ...(a.due ? { due: a.due } : {}),
      status: a.status,
    })),
  });
  const save = useMeetingAction(
    () =>
      settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/record', { ...meetingPath(meeting), body: body() })),
    ctx,
    onDone,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const setOther = (i: number, change: Partial<Other>) =>
    setOthers((os) => os.map((o, j) => (j === i ? { ...o, ...change } : o)));
  const setAction = (i: number, change: Partial<ActionRow>) =>
    setActions((as) => as.map((a, j) => (j === i ? { ...a, ...change } : a)));

  return (
    <form className="stack" aria-label="Meeting record" onSubmit={submit}>
      <fieldset className="stack">
        <legend>Attendance</legend>
        <p className="muted">
          {present.size + others.length} attended. The report counts attendance by organization and study group.
        </p>
        {members.map((m) => (
          <label key={m.participantId} className="inline">
            <input
              type="checkbox"
              checked={present.has(m.participantId)}
              onChange={(e) =>
                setPresent((p) => {
                  const next = new Set(p);
                  if (e.target.checked) next.add(m.participantId);
                  else next.delete(m.participantId);
                  return next;
                })
              }
            />{' '}
            {m.name} <span className="muted">({m.organization || 'organization unknown'})</span>
          </label>
        ))}
        {others.map((o, i) => (
          <div className="row" key={o.key}>
            <label>
              Other attendee {i + 1} name
              <input type="text" required value={o.name} onChange={(e) => setOther(i, { name: e.target.value })} />
            </label>
            <label>
              Other attendee {i + 1} organization
              <input
                type="text"
                required
                value={o.organization}
                onChange={(e) => setOther(i, { organization: e.target.value })}
              />
            </label>
            <button type="button" className="secondary" onClick={() => setOthers((os) => os.filter((_, j) => j !== i))}>
              Remove other attendee {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setOthers((os) => [...os, { key: nextKey++, name: '', organization: '' }])}
        >
          Add another attendee
        </button>
      </fieldset>

      <label className="field-wide">
        Minutes
        <textarea required value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      <label className="field-wide">
        Decisions (one per line)
        <textarea value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      </label>

      <fieldset className="stack">
        <legend>Action items</legend>
        {actions.length === 0 && <p className="muted">None.</p>}
        {actions.map((a, i) => (
          <div className="row" key={a.key}>
            <label>
              Action {i + 1}
              <input
                type="text"
                required
                value={a.description}
                onChange={(e) => setAction(i, { description: e.target.value })}
              />
            </label>
            <label>
              Action {i + 1} owner
              <input type="text" required value={a.owner} onChange={(e) => setAction(i, { owner: e.target.value })} />
            </label>
            <label>
              Action {i + 1} due date
              <input type="date" value={a.due} onChange={(e) => setAction(i, { due: e.target.value })} />
            </label>
            <label>
              Action {i + 1} status
              <select
                value={a.status}
                onChange={(e) => setAction(i, { status: e.target.value === 'done' ? 'done' : 'open' })}
              >
                <option value="open">open</option>
                <option value="done">done</option>
              </select>
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() => setActions((as) => as.filter((_, j) => j !== i))}
            >
              Remove action {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setActions((as) => [...as, newAction()])}>
          Add action item
        </button>
      </fieldset>

      <div className="row">
        <button type="submit" disabled={save.busy}>
          Save record
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Discard changes
        </button>
      </div>
      <ProblemMessage problem={save.problem} />
    </form>
  );
}
