import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Agenda, Meeting } from '@jcg/contracts';
import { CommandError } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { AgendaEntity } from './agenda.entity.js';
import { standardAgenda } from './agenda.template.js';

@Injectable()
export class AgendasService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A proposed meeting gets its draft agenda from the standard template (once, whatever the redeliveries). */
  async createDraft(manager: EntityManager, meeting: Meeting): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AgendaEntity)
      .values({ meetingId: meeting.id, groupId: meeting.groupId, label: 'draft', items: standardAgenda(), updatedAt: this.clock.now() })
      .orIgnore()
      .execute();
  }

  async get(groupId: string, meetingId: string): Promise<Agenda> {
    const agenda = await this.dataSource.getRepository(AgendaEntity).findOneBy({ meetingId, groupId });
    if (!agenda) {
      throw new CommandError({ status: 404, code: 'AGENDA_NOT_FOUND', title: 'Agenda not found', detail: `The meeting ${meetingId} has no agenda yet.` });
    }
    return agenda.toContract();
  }
}
