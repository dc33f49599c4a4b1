import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Principal } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { isTsb, mayConvene } from '../../app/access';
import { convenorsOnly, reportPath, useConfirmFocus, type Obligation, type Report, type ReportSummary } from './common';

interface Props {
  groupId: string;
  obligation: Obligation;
  report: Report | null;
  versions: ReportSummary[];
  mailingList: string | null;
  principal: Principal;
  onChange: () => void;
}

/** Submitting: the compiled draft (frozen and mailed), a report prepared elsewhere, and TSB's acknowledgement. */
export function ReportSubmission(props: Props) {
  const { groupId, obligation, principal } = props;
  const state = obligation.state;
  const owed = state === 'open' || state === 'drafted' || state === 'overdue' || state === 'missed';
  return (
    <section aria-labelledby="submit">
      <h2 id="submit">Submission</h2>
      {state === 'cancelled' ? (
        <p>The report was cancelled: nothing is submitted for it.</p>
      ) : !mayConvene(principal, groupId) ? (
        <p className="muted">{convenorsOnly(principal, 'submit the report')}</p>
      ) : (
        <>
          <SubmitDraft {...props} />
          {owed && <RecordElsewhere {...props} />}
        </>
      )}
      {isTsb(principal) && state === 'submitted' && <Acknowledge {...props} />}
    </section>
  );
}

function SubmitDraft({ groupId, obligation, versions, mailingList, onChange }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { opener, safe } = useConfirmFocus(confirming);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const submit = useAction(
    useCallback(async () => {
      const result = await settle(
        api.POST('/v1/groups/{groupId}/obligations/{obligationId}/report/submission', {
          params: { ...reportPath(groupId, obligation.id), header: { 'Idempotency-Key': key } },
        }),
      );
      // The same key again gets the first answer: keep it only when the outcome is unknown (no
      // answer, or a 5xx), so a retry cannot submit twice; after a refusal, a retry is a new request.
      if (!result.ok && result.problem.status >= 400 && result.problem.status < 500) setKey(crypto.randomUUID());
      return result;
    }, [groupId, obligation.id, key]),
    () => {
      setConfirming(false);
      setKey(crypto.randomUUID());
      onChange();
    },
  );
  const draft = versions.find((v) => v.state === 'draft');
  const revision = obligation.state === 'submitted' || obligation.state === 'acknowledged';
  const to = `the ${obligation.body} secretariat and the group's list${mailingList ? ` (${mailingList})` : ''}`;

  if (!draft)
    return (
      <p>
        {!revision
          ? 'There is no draft to submit yet: compile it first (above).'
          : versions.length === 0
            ? 'The report was submitted as prepared elsewhere. To send a revision from here, compile a draft (above) and submit it.'
            : 'The report was submitted. To send a revision, change a narrative or compile again: that makes a new draft.'}
      </p>
    );
  return (
    <div className="stack">
      <h3>Submit the compiled report</h3>
      <p>
        Submitting freezes version {draft.version} for good (its .docx and SHA-256 are kept as sent) and mails it to{' '}
        {to}.{' '}
        {revision
          ? 'It goes as a revision of the report already submitted; TSB numbers it anew.'
          : 'The reminders stop.'}
      </p>
      {!confirming ? (
        <button ref={opener} type="button" onClick={() => setConfirming(true)}>
          Submit version {draft.version}…
        </button>
      ) : (
        <div className="card stack" role="group" aria-labelledby="confirm-submit">
          <p id="confirm-submit">
            <strong>
              Submit version {draft.version} to {obligation.body} now? It cannot be changed afterwards.
            </strong>
          </p>
          <div className="row">
            <button type="button" onClick={() => void submit.run()} disabled={submit.busy}>
              {submit.busy ? 'Submitting…' : `Yes, submit version ${draft.version}`}
            </button>
            <button
              ref={safe}
              type="button"
              className="secondary"
              onClick={() => setConfirming(false)}
              disabled={submit.busy}
            >
              Not now
            </button>
          </div>
        </div>
      )}
      <ProblemMessage problem={submit.problem} />
    </div>
  );
}

function RecordElsewhere({ groupId, obligation, onChange }: Props) {
  const [reference, setReference] = useState('');
  const record = useAction(
    useCallback(
      (documentReference: string) =>
        settle(
          api.POST('/v1/groups/{groupId}/obligations/{obligationId}/submission', {
            params: { path: { groupId, obligationId: obligation.id } },
            body: { documentReference },
          }),
        ),
      [groupId, obligation.id],
    ),
    () => {
      setReference('');
      onChange();
    },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void record.run(reference.trim());
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h3>Or record a report prepared elsewhere</h3>
      <p>
        When the report went to {obligation.body} without this system, record its TD number or address: the reminders
        and overdue notices stop.
      </p>
      <label>
        Document reference (TD number or URL)
        <input
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          required
          maxLength={120}
          placeholder="T25-SG17-270118-TD-PLEN-0123"
          size={36}
        />
      </label>
      <button type="submit" className="secondary" disabled={record.busy || reference.trim() === ''}>
        Record the submission
      </button>
      <ProblemMessage problem={record.problem} />
    </form>
  );
}

function Acknowledge({ groupId, obligation, onChange }: Props) {
  const [tdNumber, setTdNumber] = useState(obligation.tdNumber ?? '');
  const acknowledge = useAction(
    useCallback(
      (td: string) =>
        settle(
          api.POST('/v1/groups/{groupId}/obligations/{obligationId}/acknowledgement', {
            params: { path: { groupId, obligationId: obligation.id } },
            body: td ? { tdNumber: td } : {},
          }),
        ),
      [groupId, obligation.id],
    ),
    onChange,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void acknowledge.run(tdNumber.trim());
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h3>Acknowledge (TSB)</h3>
      <label>
        TD number TSB gave the report
        <input
          value={tdNumber}
          onChange={(e) => setTdNumber(e.target.value)}
          placeholder="T25-SG17-270118-TD-GEN-0123"
          size={36}
        />
      </label>
      <button type="submit" disabled={acknowledge.busy}>
        Acknowledge the report
      </button>
      <ProblemMessage problem={acknowledge.problem} />
    </form>
  );
}
