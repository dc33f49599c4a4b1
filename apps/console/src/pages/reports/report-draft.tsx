import { useCallback } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Principal } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { When } from '../../ui/when';
import { isConvenorOf, mayConvene } from '../../app/access';
import { convenorsOnly, OBJECTIVES, reportPath, type Obligation, type Report } from './common';
import { NarrativeEditor } from './narrative-editor';

/** The draft: compiling its facts, and the co-convenors' narratives for objectives (a) to (d). */
export function ReportDraft({
  groupId,
  obligation,
  report,
  principal,
  names,
  onChange,
}: {
  groupId: string;
  obligation: Obligation;
  report: Report | null;
  principal: Principal;
  names: Map<string, string>;
  onChange: () => void;
}) {
  const compile = useAction(
    useCallback(
      () =>
        settle(
          api.POST('/v1/groups/{groupId}/obligations/{obligationId}/report', {
            params: { ...reportPath(groupId, obligation.id), header: { 'Idempotency-Key': crypto.randomUUID() } },
          }),
        ),
      [groupId, obligation.id],
    ),
    onChange,
  );
  const cancelled = obligation.state === 'cancelled';
  const mayCompile = mayConvene(principal, groupId) && !cancelled;
  const mayWrite = isConvenorOf(principal, groupId) && !cancelled && report !== null;
  const whyNotWrite = cancelled
    ? 'The report was cancelled: nothing more is written for it.'
    : report === null
      ? 'Compile the draft first: the narratives are written into it.'
      : principal.kind === 'integrator'
        ? 'Only the co-convenors write the narratives (TSB may compile and submit for them).'
        : convenorsOnly(principal, 'write the narratives');
  const submittedLatest = report !== null && report.state !== 'draft';

  return (
    <section aria-labelledby="draft">
      <h2 id="draft">Draft</h2>
      {report === null ? (
        <p>
          No draft has been compiled yet. The system compiles it 14 days before the due date; a co-convenor can compile
          it now from what the system knows (meetings held, register changes, the overlap matrix and the demarcation).
        </p>
      ) : (
        <p>
          Version {report.version} ({report.state}) was compiled <When at={report.generatedAt} />.{' '}
          {submittedLatest &&
            `It was submitted and never changes: a narrative saved now, or compiling again, starts version ${report.version + 1}, a new draft that is submitted as a revision.`}
        </p>
      )}
      {cancelled ? (
        <p className="muted">The report was cancelled: it is not compiled any more.</p>
      ) : mayCompile ? (
        <div className="stack">
          <button type="button" onClick={() => void compile.run()} disabled={compile.busy}>
            {compile.busy ? 'Compiling…' : report === null ? 'Compile the draft' : 'Compile the facts again'}
          </button>
          {report !== null && <p className="muted">Compiling again refreshes the facts; the narratives are kept.</p>}
          <ProblemMessage problem={compile.problem} />
        </div>
      ) : (
        <p className="muted">{convenorsOnly(principal, 'compile the report')}</p>
      )}

      <h3>Narratives</h3>
      {mayWrite && (
        <p className="muted">
          Plain text; a blank line starts a new paragraph. Each save is a new revision, and every revision is kept.
        </p>
      )}
      {!mayWrite && (mayCompile || cancelled || report === null) && <p className="muted">{whyNotWrite}</p>}
      {report !== null &&
        OBJECTIVES.map(({ key, title }) => {
          const narrative = report.content.narratives.find((n) => n.objective === key) ?? { text: '', revision: 0 };
          return (
            <NarrativeEditor
              key={`${key}-${narrative.revision}-${report.version}`}
              groupId={groupId}
              obligationId={obligation.id}
              objective={key}
              title={title}
              text={narrative.text}
              revision={narrative.revision}
              mayWrite={mayWrite}
              names={names}
              onSaved={onChange}
            />
          );
        })}
    </section>
  );
}
