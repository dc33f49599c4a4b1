import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { settle, type Result } from '../api/result';
import { usePrincipal } from '../app/session';
import { LoadedView } from '../ui/loaded';
import { useLoad } from '../ui/use-load';
import { When } from '../ui/when';
import {
  actorName,
  DaysLeft,
  Due,
  isPending,
  MeetingDays,
  reportPath,
  StateBadge,
  useParticipantNames,
  type Obligation,
  type Report,
} from './reports/common';
import { ReportDraft } from './reports/report-draft';
import { ReportPreview } from './reports/report-preview';
import { ReportSubmission } from './reports/report-submission';
import { ReportVersions } from './reports/report-versions';
import './reports/reports.css';

/** The obligation's row of the group's list (the API has no route for one obligation). */
async function loadObligation(groupId: string, obligationId: string): Promise<Result<Obligation>> {
  const result = await settle(
    api.GET('/v1/groups/{groupId}/obligations', { params: { path: { groupId }, query: { scope: 'all' } } }),
  );
  if (!result.ok) return result;
  const found = result.data.items.find((o) => o.id === obligationId);
  return found
    ? { ok: true, data: found }
    : {
        ok: false,
        problem: {
          title: 'Report obligation not found',
          status: 404,
          detail: 'The group owes no report with this address; it may belong to another group.',
        },
      };
}

/** The latest version of the compiled report, or null while none was compiled. */
async function loadReport(groupId: string, obligationId: string): Promise<Result<Report | null>> {
  const versions = await settle(
    api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report/versions', {
      params: reportPath(groupId, obligationId),
    }),
  );
  if (!versions.ok) return versions;
  if (versions.data.items.length === 0) return { ok: true, data: null };
  return settle(
    api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report', { params: reportPath(groupId, obligationId) }),
  );
}

/** One report the group owes: its facts, the draft and its narratives, versions, preview, submission. */
export function ReportPage({ groupId, obligationId }: { groupId: string; obligationId: string }) {
  const principal = usePrincipal();
  const obligation = useLoad(() => loadObligation(groupId, obligationId), [groupId, obligationId]);
  const report = useLoad(() => loadReport(groupId, obligationId), [groupId, obligationId]);
  const versions = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/obligations/{obligationId}/report/versions', {
          params: reportPath(groupId, obligationId),
        }),
      ),
    [groupId, obligationId],
  );
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const names = useParticipantNames(groupId);
  const reloadObligation = obligation.reload;
  const reloadReport = report.reload;
  const reloadVersions = versions.reload;
  const [generation, setGeneration] = useState(0);
  const changed = useCallback(() => {
    setGeneration((g) => g + 1);
    reloadObligation();
    reloadReport();
    reloadVersions();
  }, [reloadObligation, reloadReport, reloadVersions]);

  return (
    <>
      <p>
        <Link href={`/groups/${groupId}/reports`}>All reports</Link>
      </p>
      <LoadedView loaded={obligation}>
        {(o) => (
          <>
            <h1>
              {o.final ? 'Final report' : 'Report'} to {o.body}{' '}
              <span className="muted">for its meeting {o.bodyMeeting.reference}</span>
            </h1>
            <ObligationFacts obligation={o} names={names} report={report.status === 'ready' ? report.data : null} />
            <LoadedView loaded={report}>
              {(r) => (
                <>
                  <ReportDraft
                    groupId={groupId}
                    obligation={o}
                    report={r}
                    principal={principal}
                    names={names}
                    onChange={changed}
                  />
                  <ReportSubmission
                    groupId={groupId}
                    obligation={o}
                    report={r}
                    versions={versions.status === 'ready' ? versions.data.items : []}
                    mailingList={group.status === 'ready' ? group.data.mailingList : null}
                    principal={principal}
                    onChange={changed}
                  />
                </>
              )}
            </LoadedView>
            <ReportVersions
              groupId={groupId}
              obligationId={obligationId}
              versions={versions}
              principal={principal}
              names={names}
            />
            <ReportPreview
              groupId={groupId}
              obligationId={obligationId}
              versions={versions.status === 'ready' ? versions.data.items : []}
              principal={principal}
              generation={generation}
            />
          </>
        )}
      </LoadedView>
    </>
  );
}

function ObligationFacts({
  obligation: o,
  report,
  names,
}: {
  obligation: Obligation;
  report: Report | null;
  names: Map<string, string>;
}) {
  return (
    <dl className="facts">
      <dt>State</dt>
      <dd>
        <StateBadge state={o.state} />
        {o.cancelledReason && <span className="muted"> {o.cancelledReason}</span>}
      </dd>
      <dt>Meeting of {o.body}</dt>
      <dd>
        <MeetingDays meeting={o.bodyMeeting} /> <span className="muted">(TSB reference {o.bodyMeeting.reference})</span>
        {o.bodyMeeting.status === 'cancelled' && <span className="bad"> Cancelled</span>}
      </dd>
      <dt>Due</dt>
      <dd>
        <Due dueAt={o.dueAt} /> {(isPending(o.state) || o.state === 'missed') && <DaysLeft obligation={o} />}
      </dd>
      {report && (
        <>
          <dt>Covers</dt>
          <dd>
            <When at={report.content.period.from} /> to <When at={report.content.period.to} />
          </dd>
          <dt>Compiled facts</dt>
          <dd>
            {report.content.meetings.length} meetings held, {report.content.registerChanges.length} register changes,{' '}
            {report.content.governance.length} ToR or lifecycle decisions, {report.content.matrix.rows.length} topics in
            the overlap matrix
          </dd>
        </>
      )}
      <dt>Submission</dt>
      <dd>
        {o.submission ? (
          <>
            {o.submission.documentReference}, <When at={o.submission.submittedAt} /> by{' '}
            {actorName(o.submission.submittedBy, names)}
          </>
        ) : (
          'Not submitted yet'
        )}
      </dd>
      <dt>Acknowledgement</dt>
      <dd>
        {o.acknowledgedAt ? (
          <>
            {o.tdNumber ? `TD ${o.tdNumber}` : 'Without a TD number'}, <When at={o.acknowledgedAt} />
          </>
        ) : (
          'Not acknowledged by TSB yet'
        )}
      </dd>
    </dl>
  );
}
