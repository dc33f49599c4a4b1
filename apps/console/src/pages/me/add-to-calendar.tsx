import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group } from '../../api/types';
import { FeedAddress } from '../admin/feed-address';
import { CalendarDownload } from './calendar-download';

/** The group's calendars to download, and my personal feed address to subscribe to. */
export function AddToCalendar({ group, participantId }: { group: Group; participantId: string }) {
  const path = { groupId: group.id };
  return (
    <>
      <section aria-labelledby="add-to-calendar">
        <h2 id="add-to-calendar">Add to my calendar</h2>
        <p>
          Each meeting&apos;s invitation comes to you by e-mail when it is announced, and an update whenever it moves or
          is cancelled. To have every meeting at once, download the group&apos;s calendar (announced meetings, cancelled
          ones marked as such) or, better, subscribe to your feed address below, which stays up to date by itself.
        </p>
        <div className="adm-actions">
          <CalendarDownload
            fileName={`${group.acronym}-meetings.ics`}
            load={() => settle(api.GET('/v1/calendar/groups/{groupId}.ics', { params: { path }, parseAs: 'text' }))}
          >
            Download the group calendar (.ics)
          </CalendarDownload>
          <CalendarDownload
            fileName={`${group.acronym}-report-deadlines.ics`}
            load={() =>
              settle(api.GET('/v1/calendar/groups/{groupId}/deadlines.ics', { params: { path }, parseAs: 'text' }))
            }
          >
            Download the report due dates (.ics)
          </CalendarDownload>
        </div>
      </section>
      <section aria-labelledby="my-feed">
        <h2 id="my-feed">My calendar feed</h2>
        <FeedAddress groupId={group.id} participantId={participantId} label="My calendar feed address" />
      </section>
    </>
  );
}
