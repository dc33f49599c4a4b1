import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { meetingPath, type Deliveries, type MeetingContext } from './context';
import { TableWrap } from '../../ui/table-wrap';

type Status = Deliveries['counts'][number]['status'];

const KIND_TEXT: Record<Deliveries['counts'][number]['kind'], string> = {
  announcement: 'Announcement',
  're-announcement': 'Re-announcement',
  'cancellation-notice': 'Cancellation notice',
  'agenda-revision': 'Revised agenda',
  invite: 'Invite',
  update: 'Invite update',
  cancellation: 'Invite cancellation',
  reminder: 'Reminder',
  'announcement-missed': 'Announcement missed',
};

const sum = (d: Deliveries, statuses: readonly Status[]) =>
  d.counts.filter((c) => statuses.includes(c.status)).reduce((n, c) => n + c.count, 0);

/** What became of the meeting's mail (co-convenors, TSB, administrators); an administrator replays failed ones. */
export function DeliveriesSection(ctx: MeetingContext) {
  const mayRead = ctx.manager || ctx.principal.kind === 'admin';
  return (
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">Deliveries</h2>
      {mayRead ? (
        <DeliveriesView {...ctx} />
      ) : (
        <p className="muted">
          Only the co-convenors, TSB and administrators see what became of the meeting&apos;s mail.
        </p>
      )}
    </section>
  );
}

function DeliveriesView(ctx: MeetingContext) {
  const { meeting } = ctx;
  const deliveries = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/meetings/{meetingId}/deliveries', meetingPath(meeting))),
    [meeting.id, meeting.version, ctx.revision],
  );
  const [requeued, setRequeued] = useState<number | null>(null);
  const replay = useAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/deliveries/replay', meetingPath(meeting))),
    (answer) => {
      setRequeued(answer.requeued);
      deliveries.reload();
    },
  );
  return (
    <div className="stack">
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setRequeued(null);
          deliveries.reload();
        }}
      >
        Refresh
      </button>
      <LoadedView loaded={deliveries}>
        {(d) => {
          const failed = sum(d, ['failed']);
          const kinds = [...new Set(d.counts.map((c) => c.kind))];
          const of = (kind: string, status: Status) =>
            d.counts.find((c) => c.kind === kind && c.status === status)?.count ?? 0;
          return (
            <>
              <dl className="facts" data-testid="delivery-counts" aria-live="polite">
                <dt>Sent</dt>
                <dd data-testid="deliveries-sent">{sum(d, ['sent'])}</dd>
                <dt>Pending</dt>
                <dd data-testid="deliveries-pending">{sum(d, ['pending', 'queued'])}</dd>
                <dt>Failed</dt>
                <dd data-testid="deliveries-failed" className={failed > 0 ? 'bad' : undefined}>
                  {failed}
                </dd>
                <dt>Superseded</dt>
                <dd data-testid="deliveries-superseded">
                  {sum(d, ['superseded'])}{' '}
                  <span className="muted">(replaced by a newer message before it went out)</span>
                </dd>
              </dl>
              {kinds.length === 0 ? (
                <p className="muted">No mail about this meeting yet.</p>
              ) : (
                <TableWrap label="Deliveries by kind">
                  <table>
                    <caption className="muted">Messages by kind</caption>
                    <thead>
                      <tr>
                        <th scope="col">Kind</th>
                        <th scope="col">Sent</th>
                        <th scope="col">Pending</th>
                        <th scope="col">Failed</th>
                        <th scope="col">Superseded</th>
                      </tr>
                    </thead>
                    <tbody>
                      {kinds.map((k) => (
                        <tr key={k}>
                          <th scope="row">{KIND_TEXT[k]}</th>
                          <td>{of(k, 'sent')}</td>
                          <td>{of(k, 'pending') + of(k, 'queued')}</td>
                          <td>{of(k, 'failed')}</td>
                          <td>{of(k, 'superseded')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
              {d.failed.length > 0 && (
                <TableWrap label="Failed messages">
                  <table data-testid="failed-deliveries">
                    <caption className="muted">Failed messages</caption>
                    <thead>
                      <tr>
                        <th scope="col">Kind</th>
                        <th scope="col">To</th>
                        <th scope="col">Failed at</th>
                        <th scope="col">Reason</th>
                        <th scope="col">Sent again</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.failed.map((f) => (
                        <tr key={f.deliveryId}>
                          <td>{KIND_TEXT[f.kind]}</td>
                          <td>{f.recipient}</td>
                          <td>{f.failedAt ? <When at={f.failedAt} /> : '—'}</td>
                          <td>{f.error ?? '—'}</td>
                          <td>{f.retryable ? 'automatically, when the mail server answers' : 'only on a replay'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
              {failed > 0 &&
                (ctx.principal.kind === 'admin' ? (
                  <div className="row">
                    <button type="button" disabled={replay.busy} onClick={() => void replay.run()}>
                      Send failed messages again
                    </button>
                  </div>
                ) : (
                  <p className="muted">
                    An administrator can send the failed messages again; those the mail server did not refuse go again
                    on their own once it answers.
                  </p>
                ))}
              {requeued !== null && (
                <p role="status" className="ok">
                  {requeued === 1 ? '1 message' : `${requeued} messages`} queued again.
                </p>
              )}
              <ProblemMessage problem={replay.problem} />
            </>
          );
        }}
      </LoadedView>
    </div>
  );
}
