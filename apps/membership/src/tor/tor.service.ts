import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestOf, TorVersion } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { assertActive, lockGroup } from '../groups/groups.service.js';
import { GroupEntity } from '../groups/group.entity.js';
import { MembershipErrors } from '../membership.errors.js';
import { requiredStatusFor, torTransition, type TorAction } from '../rules/tor-lifecycle.rule.js';
import { TorVersionEntity } from './tor-version.entity.js';

/** R7: versioned Terms of Reference; a revision is proposed, sent to the parent, then decided. */
@Injectable()
export class TorService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(groupId: string): Promise<TorVersion[]> {
    if (!(await this.dataSource.getRepository(GroupEntity).existsBy({ id: groupId })))
      throw MembershipErrors.groupNotFound(groupId);
    const rows = await this.dataSource
      .getRepository(TorVersionEntity)
      .find({ where: { groupId }, order: { version: 'ASC' } });
    return rows.map((v) => v.toContract());
  }

  async get(groupId: string, version: number): Promise<TorVersion> {
    if (!(await this.dataSource.getRepository(GroupEntity).existsBy({ id: groupId })))
      throw MembershipErrors.groupNotFound(groupId);
    const row = await this.dataSource.getRepository(TorVersionEntity).findOneBy({ groupId, version });
    if (!row) throw MembershipErrors.torVersionNotFound(version);
    return row.toContract();
  }

  async propose(input: RequestOf<'membership.tor.propose'>): Promise<TorVersion> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const latest = await manager.findOne(TorVersionEntity, {
        where: { groupId: group.id },
        order: { version: 'DESC' },
      });
      const entity = manager.create(TorVersionEntity, {
        groupId: group.id,
        version: (latest?.version ?? 0) + 1,
        status: 'draft',
        summary: input.summary,
        text: input.text,
        objectives: input.objectives,
        proposedBy: input.proposedBy,
        proposedAt: this.clock.now(),
        sentAt: null,
        decidedOn: null,
        decisionReference: null,
      });
      await manager.insert(TorVersionEntity, entity);
      return entity.toContract();
    });
  }

  async send(input: RequestOf<'membership.tor.send'>): Promise<TorVersion> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const revision = await this.move(manager, group.id, input.version, 'send');
      revision.sentAt = this.clock.now();
      await manager.save(revision);
      return revision.toContract();
    });
  }

  /** The parent's decision; an approved revision becomes the current ToR, older versions stay readable. */
  async decide(input: RequestOf<'membership.tor.decide'>): Promise<TorVersion> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const revision = await this.move(
        manager,
        group.id,
        input.version,
        input.decision === 'approved' ? 'approve' : 'decline',
      );
      revision.decidedOn = input.decidedOn;
      revision.decisionReference = input.reference;
      await manager.save(revision);
      if (revision.status === 'approved') {
        await manager.update(GroupEntity, { id: group.id }, { currentTorVersion: revision.version });
        await this.outbox.record(
          manager,
          'group.tor-revised',
          { groupId: group.id, version: revision.version, decidedOn: input.decidedOn, reference: input.reference },
          { groupId: group.id },
        );
      }
      return revision.toContract();
    });
  }

  private async move(
    manager: import('typeorm').EntityManager,
    groupId: string,
    version: number,
    action: TorAction,
  ): Promise<TorVersionEntity> {
    const revision = await manager.findOne(TorVersionEntity, {
      where: { groupId, version },
      lock: { mode: 'pessimistic_write' },
    });
    if (!revision) throw MembershipErrors.torVersionNotFound(version);
    const next = torTransition(revision.status, action);
    if (!next) throw MembershipErrors.torWrongStatus(version, revision.status, requiredStatusFor(action));
    revision.status = next;
    return revision;
  }
}
