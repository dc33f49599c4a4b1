import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { CopyField } from './copy-field';
import './admin.css';

/**
 * A participant's personal calendar feed: `POST …/calendar-feed` issues a new secret address (the
 * API keeps only its hash, so it is shown once, and the previous address stops working).
 */
export function FeedAddress({
  groupId,
  participantId,
  label,
}: {
  groupId: string;
  participantId: string;
  label: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const issue = useAction(
    () =>
      settle(
        api.POST('/v1/groups/{groupId}/participants/{participantId}/calendar-feed', {
          params: { path: { groupId, participantId } },
        }),
      ),
    (answer) => setUrl(new URL(answer.url, window.location.origin).toString()),
  );
  return (
    <div className="stack">
      <p>
        A calendar application (Outlook, Google Calendar, Apple Calendar…) subscribes to this address and keeps the
        group&apos;s meetings up to date, moves and cancellations included. The address is a secret: whoever has it can
        read the feed.
      </p>
      <p className="adm-notice">
        The address is shown only once: the system keeps just a fingerprint of it. Issuing a new address makes the
        previous one stop working, so calendars subscribed to the old address must subscribe again.
      </p>
      <button type="button" disabled={issue.busy} onClick={() => void issue.run()}>
        {url ? 'Issue another new address' : 'Issue a new calendar feed address'}
      </button>
      <ProblemMessage problem={issue.problem} />
      {url && (
        <>
          <CopyField label={label} value={url} />
          <CopyField
            label="The same address for calendar applications (webcal://)"
            value={url.replace(/^https?:/, 'webcal:')}
          />
          <p>
            <a href={url.replace(/^https?:/, 'webcal:')}>Subscribe with a calendar application on this device</a>
          </p>
        </>
      )}
    </div>
  );
}
