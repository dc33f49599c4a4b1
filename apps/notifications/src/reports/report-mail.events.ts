import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventDataOf, EventEnvelope, Obligation } from '@jcg/contracts';
import { GroupDirectory } from '@jcg/group-directory';
import { BullMqClient, Inbox, qualified } from '@jcg/messaging';
import { DeliveryPlanner } from '../deliveries/delivery-planner.js';
import type { ReportKind, ReportPayload } from '../deliveries/delivery.js';

/**
 * R6: the co-convenors hear of the reports their group owes: 14 days and 3 days before the due
 * date and on the day, each day it is late, and when the body's meeting started without it.
 */
@Controller()
export class ReportMailEvents {
  constructor(
    private readonly inbox: Inbox,
    private readonly planner: DeliveryPlanner,
    private readonly groups: GroupDirectory,
    private readonly client: BullMqClient,
  ) {}

  @EventPattern('report.reminder')
  async reminder(@Payload() event: EventEnvelope<EventDataOf<'report.reminder'>>): Promise<void> {
    const { obligation, daysBefore } = event.data;
    await this.inbox.handleOnce(event, 'report-mail', (manager) =>
      this.notice(manager, 'report-reminder', obligation, `${daysBefore}d-${obligation.dueDate}`, { daysBefore }),
    );
  }

  @EventPattern('report.overdue')
  async overdue(@Payload() event: EventEnvelope<EventDataOf<'report.overdue'>>): Promise<void> {
    const { obligation, daysOverdue } = event.data;
    await this.inbox.handleOnce(event, 'report-mail', (manager) =>
      this.notice(manager, 'report-overdue', obligation, `${daysOverdue}d-${obligation.dueDate}`, { daysOverdue }),
    );
  }

  @EventPattern('report.missed')
  async missed(@Payload() event: EventEnvelope<EventDataOf<'report.missed'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'report-mail', (manager) =>
      this.notice(manager, 'report-missed', event.data.obligation, 'missed', {}),
    );
  }

  /** A report compiled here was submitted: one message with the document to the secretariat, one to the list. */
  @EventPattern('report.submitted')
  async submitted(@Payload() event: EventEnvelope<EventDataOf<'report.submitted'>>): Promise<void> {
    const { obligation, report } = event.data;
    if (!report) return; // prepared elsewhere: the co-convenors sent it themselves
    // The document is asked of reporting before the transaction (events stay small), and checked.
    const file = await this.client.request('reporting.reports.document', {
      groupId: obligation.groupId,
      obligationId: obligation.id,
      version: report.version,
      format: 'docx',
      original: true,
    });
    if (file.sha256 !== report.sha256) {
      throw new Error(`report ${obligation.id} v${report.version}: the document's SHA-256 is not the submitted one`);
    }
    await this.inbox.handleOnce(event, 'report-mail', async (manager) => {
      const group = await this.groups.find(obligation.groupId, manager);
      if (!group) throw new Error(`group ${obligation.groupId} is not known yet`);
      const { secretariat, ...frozen } = report;
      const document = { ...frozen, base64: file.base64 };
      const base = {
        obligation,
        group: { acronym: group.acronym, title: group.title, mailingList: group.mailingList },
        document,
      };
      const copies = [
        { audience: 'secretariat' as const, name: `TSB secretariat of ${obligation.body}`, email: secretariat },
        { audience: 'list' as const, name: `${group.acronym} mailing list`, email: group.mailingList },
      ];
      await this.planner.plan(
        manager,
        copies.map((c) => ({
          kind: 'report-submission' as const,
          recipient: { participantId: null, name: c.name, email: c.email, timeZone: null },
          stream: `report-submission:${c.audience}`,
          sequence: 0,
          meetingSequence: 0,
          hold: null,
          payload: { ...base, audience: c.audience } satisfies ReportPayload,
          dedupKey: `${obligation.id}:report-submission-v${report.version}:${c.audience}`,
        })),
      );
    });
  }

  private async notice(
    manager: EntityManager,
    kind: ReportKind,
    obligation: Obligation,
    variant: string,
    extra: Pick<ReportPayload, 'daysBefore' | 'daysOverdue'>,
  ): Promise<void> {
    const group = await this.groups.find(obligation.groupId, manager);
    // Events may arrive before the group's: retried until it is known.
    if (!group) throw new Error(`group ${obligation.groupId} is not known yet`);
    const convenors = await manager.query<{ participant_id: string; name: string; email: string; time_zone: string }[]>(
      `SELECT participant_id, name, email, time_zone FROM ${qualified(manager, 'roster')}
        WHERE group_id = $1 AND status = 'active' AND role = 'co-convenor' ORDER BY participant_id`,
      [obligation.groupId],
    );
    const payload: ReportPayload = {
      obligation,
      group: { acronym: group.acronym, title: group.title, mailingList: group.mailingList },
      ...extra,
    };
    await this.planner.plan(
      manager,
      convenors.map((c) => ({
        kind,
        recipient: { participantId: c.participant_id, name: c.name, email: c.email, timeZone: c.time_zone },
        stream: `report:${c.participant_id}`,
        sequence: 0,
        meetingSequence: 0,
        hold: null,
        payload,
        dedupKey: `${obligation.id}:${kind}-${variant}:${c.participant_id}`,
      })),
    );
  }
}
