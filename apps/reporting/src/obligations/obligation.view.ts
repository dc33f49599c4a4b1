import type { Obligation } from '@jcg/contracts';
import type { BodyMeetingEntity } from '../calendar/body-meeting.entity.js';
import { shownState } from '../rules/cadence.rule.js';
import { daysLeft, dueInstant } from '../rules/due-date.rule.js';
import type { ObligationEntity } from './obligation.entity.js';

/** An obligation as people see it at `now`: its state (overdue when late), days left in Geneva. */
export function obligationView(o: ObligationEntity, meeting: BodyMeetingEntity, now: Date): Obligation {
  return {
    id: o.id,
    groupId: o.groupId,
    body: o.body,
    bodyMeeting: {
      reference: meeting.reference,
      firstDay: meeting.firstDay,
      lastDay: meeting.lastDay,
      place: meeting.place,
      status: meeting.status,
    },
    dueDate: o.dueDate,
    dueAt: dueInstant(o.dueDate).toISOString(),
    state: shownState(o.state, o.dueDate, now),
    daysLeft: daysLeft(now, o.dueDate),
    final: o.final,
    submission:
      o.documentReference && o.submittedAt
        ? {
            documentReference: o.documentReference,
            submittedAt: o.submittedAt.toISOString(),
            submittedBy: o.submittedBy,
          }
        : null,
    acknowledgedAt: o.acknowledgedAt?.toISOString() ?? null,
    tdNumber: o.tdNumber,
    cancelledReason: o.cancelledReason,
    version: o.version,
  };
}
