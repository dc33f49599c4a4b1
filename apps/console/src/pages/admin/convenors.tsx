import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { GENEVA } from '../../time/format';
import type { Abilities, Appointment } from './abilities';
import type { Directory } from './directory';
import { TableWrap } from '../../ui/table-wrap';
import { dayIn } from '../../time/format';
import { ParticipantSelect } from './participant-select';

/** Today's date in Geneva, YYYY-MM-DD. */

/** Co-convenor appointments (R2): one per participating study group, the past ones kept. */
export function ConvenorsSection({
  group,
  abilities,
  directory,
  onChanged,
}: {
  group: Group;
  abilities: Abilities;
  directory: Directory;
  onChanged: () => void;
}) {
  const groupId = group.id;
  const history = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/convenors', { params: { path: { groupId } } })),
    [groupId],
  );
  return (
    <section aria-labelledby="co-convenors">
      <h2 id="co-convenors">Co-convenors</h2>
      <p className="muted">
        Each participating study group ({group.studyGroups.join(', ')}) appoints one co-convenor; a new appointment
        replaces the current one, who stays in the history (R2).
      </p>
      <LoadedView loaded={history}>{(answer) => <AppointmentTable items={answer.items} />}</LoadedView>
      {abilities.canAppoint ? (
        <AppointForm
          group={group}
          directory={directory}
          onAppointed={() => {
            history.reload();
            onChanged();
          }}
        />
      ) : (
        <p className="muted">Appointments are recorded by TSB or an administrator.</p>
      )}
    </section>
  );
}

function AppointmentTable({ items }: { items: Appointment[] }) {
  if (items.length === 0) return <p>No co-convenor has been appointed yet.</p>;
  const sorted = [...items].sort(
    (a, b) =>
      Number(a.endedOn !== null) - Number(b.endedOn !== null) ||
      a.studyGroup.localeCompare(b.studyGroup) ||
      b.appointedOn.localeCompare(a.appointedOn),
  );
  return (
    <TableWrap label="Co-convenor appointments">
      <table className="adm-table">
        <caption className="muted adm-caption">Current appointments first, then past ones</caption>
        <thead>
          <tr>
            <th scope="col">Study group</th>
            <th scope="col">Co-convenor</th>
            <th scope="col">Appointed on</th>
            <th scope="col">Reference</th>
            <th scope="col">Appointment</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((a) => (
            <tr key={a.id}>
              <td>{a.studyGroup}</td>
              <th scope="row">{a.participantName}</th>
              <td>{a.appointedOn}</td>
              <td>{a.reference}</td>
              <td>
                {a.endedOn === null ? (
                  <span className="badge ok">Current</span>
                ) : (
                  <span className="muted">Ended on {a.endedOn}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function AppointForm({
  group,
  directory,
  onAppointed,
}: {
  group: Group;
  directory: Directory;
  onAppointed: () => void;
}) {
  const [studyGroup, setStudyGroup] = useState(group.studyGroups[0] ?? '');
  const [participantId, setParticipantId] = useState('');
  const [appointedOn, setAppointedOn] = useState(() => dayIn(GENEVA));
  const [reference, setReference] = useState('');
  const [done, setDone] = useState<Appointment | null>(null);
  const appoint = useAction(
    () =>
      settle(
        api.POST('/v1/groups/{groupId}/convenors', {
          params: { path: { groupId: group.id } },
          body: { studyGroup, participantId, appointedOn, reference: reference.trim() },
        }),
      ),
    (appointment) => {
      setDone(appointment);
      setParticipantId('');
      setReference('');
      onAppointed();
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void appoint.run();
  };
  return (
    <form className="stack adm-form" onSubmit={submit} aria-labelledby="appoint">
      <h3 id="appoint">Record an appointment</h3>
      <div className="adm-grid">
        <label>
          Appointing study group
          <select required value={studyGroup} onChange={(e) => setStudyGroup(e.target.value)}>
            {group.studyGroups.map((sg) => (
              <option key={sg} value={sg}>
                {sg}
              </option>
            ))}
          </select>
        </label>
        <ParticipantSelect
          label="Co-convenor (an active participant)"
          participants={directory.participants}
          value={participantId}
          onChange={setParticipantId}
        />
        <label>
          Appointed on
          <input type="date" required value={appointedOn} onChange={(e) => setAppointedOn(e.target.value)} />
        </label>
        <label>
          Document reference
          <input
            type="text"
            required
            maxLength={120}
            placeholder="e.g. SG17-R-1"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
      </div>
      <button type="submit" disabled={appoint.busy}>
        {appoint.busy ? 'Recording…' : 'Record appointment'}
      </button>
      <ProblemMessage problem={appoint.problem} />
      {done && (
        <p role="status" className="ok">
          {done.participantName} is the co-convenor appointed by {done.studyGroup} from {done.appointedOn}.
        </p>
      )}
    </form>
  );
}
