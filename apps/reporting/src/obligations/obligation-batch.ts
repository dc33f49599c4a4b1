import type { EntityManager } from 'typeorm';
import type { EventDataOf, EventType, Obligation } from '@jcg/contracts';
import type { Outbox, OutboxEvent, TimerSubject, Timers } from '@jcg/messaging';
import type { BodyMeetingEntity } from '../calendar/body-meeting.entity.js';
import { ObligationEntity } from './obligation.entity.js';
import { obligationTimerPlan, obligationTimerPrefix } from './obligation-timers.js';
import { obligationView } from './obligation.view.js';

/**
 * The changes of one reconciliation, written together before the transaction commits: every
 * obligation opened or changed in one upsert (each row is new, or read and locked in this
 * transaction), their timers in one statement, their events in one insert. A body meeting
 * entered or moved for 500 groups is then three statements, not thousands.
 */
export class ObligationBatch {
  private readonly rows = new Map<string, ObligationEntity>();
  private readonly timers: TimerSubject[] = [];
  private readonly events: OutboxEvent[] = [];

  /** `rowsSaved`: the rows are written by the caller (a single change's partial update); only their timers and events here. */
  constructor(
    private readonly now: Date,
    private readonly rowsSaved = false,
  ) {}

  /** An obligation as it now is (its version already moved on), its timers and its event; returns its view. */
  add<T extends EventType>(
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
    type: T,
    data: (view: Obligation) => EventDataOf<T>,
  ): Obligation {
    if (this.rows.has(obligation.id)) throw new Error(`Obligation ${obligation.id} changed twice in one batch`);
    this.rows.set(obligation.id, obligation);
    this.timers.push({
      prefix: obligationTimerPrefix(obligation.id),
      wanted: obligationTimerPlan(obligation, meeting.firstDay, this.now),
    });
    const view = obligationView(obligation, meeting, this.now);
    this.events.push({ type, data: data(view), groupId: obligation.groupId } as OutboxEvent);
    return view;
  }

  async write(manager: EntityManager, timers: Timers, outbox: Outbox): Promise<void> {
    if (this.rows.size === 0) return;
    if (!this.rowsSaved) await manager.upsert(ObligationEntity, [...this.rows.values()], ['id']);
    await timers.syncAll(manager, this.timers);
    await outbox.recordAll(manager, this.events);
  }
}
