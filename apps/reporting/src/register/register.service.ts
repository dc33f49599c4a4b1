import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  checkReply,
  type Demarcation,
  type OverlapMatrix,
  type RequestOf,
  type ResponseOf,
  type Topic,
  type WorkItem,
  type WorkItemInput,
  type WorkItemValues,
} from '@jcg/contracts';
import { GroupDirectory, type KnownGroup } from '@jcg/group-directory';
import { Clock, isUniqueViolation } from '@jcg/persistence';
import { ReportingErrors } from '../reporting.errors.js';
import { dueInstant } from '../rules/due-date.rule.js';
import { byStudyGroup, overlapMatrix } from '../rules/overlap-matrix.rule.js';
import { DemarcationEntity, TopicEntity, WorkItemChangeEntity, WorkItemEntity } from './register.entities.js';
import { changeView, demarcationView, topicView, valuesOf, workItemView } from './register.views.js';

/** The last instant of a calendar date in Geneva: the register "as of" that date. */
const endOf = (date: string) => new Date(dueInstant(date).getTime() + 999);

const sameValues = (a: WorkItemValues, b: WorkItemValues) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The work-item register of a group (objective a): the IoT-security work of each participating
 * study group, on the group's topics. Every change is a row of its history, written in the
 * transaction of the change, so the register can be read as it stood on any date.
 */
@Injectable()
export class RegisterService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly groups: GroupDirectory,
  ) {}

  async putTopic(input: RequestOf<'reporting.topics.put'>): Promise<Topic> {
    await this.group(input.groupId);
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await manager
        .createQueryBuilder()
        .insert()
        .into(TopicEntity)
        .values({
          groupId: input.groupId,
          key: input.key,
          name: input.topic.name,
          description: input.topic.description,
          createdAt: now,
          updatedAt: now,
        })
        .orUpdate(['name', 'description', 'updated_at'], ['group_id', 'key'])
        .execute();
      const topic = await manager.findOneByOrFail(TopicEntity, { groupId: input.groupId, key: input.key });
      return checkReply('reporting.topics.put', topicView(topic));
    });
  }

  async topics(groupId: string, manager: EntityManager = this.dataSource.manager): Promise<Topic[]> {
    await this.group(groupId, manager);
    const rows = await manager.find(TopicEntity, { where: { groupId }, order: { key: 'ASC' } });
    return rows.map(topicView);
  }

  async create(input: RequestOf<'reporting.work-items.create'>): Promise<WorkItem> {
    return this.unique(input.item.identifier, () =>
      this.dataSource.transaction(async (manager) => {
        const group = await this.group(input.groupId, manager);
        await this.check(manager, group, [input.item]);
        const existing = await manager.findOneBy(WorkItemEntity, {
          groupId: group.id,
          identifier: input.item.identifier,
        });
        if (existing) throw ReportingErrors.workItemExists(existing.identifier, existing.id);
        const item = await this.add(manager, group.id, input.item, input.actor);
        return checkReply('reporting.work-items.create', workItemView(item));
      }),
    );
  }

  /** Two writers adding the same identifier at once: the one that loses gets 409, as if it came second. */
  private async unique<T>(identifier: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, 'work_items_group_identifier_key'))
        throw ReportingErrors.workItemExists(identifier, null);
      throw error;
    }
  }

  async update(input: RequestOf<'reporting.work-items.update'>): Promise<WorkItem> {
    return this.unique(input.item.identifier, () =>
      this.dataSource.transaction(async (manager) => {
        const group = await this.group(input.groupId, manager);
        const item = await this.locked(manager, group.id, input.workItemId);
        await this.check(manager, group, [input.item]);
        if (input.item.identifier !== item.identifier) {
          const other = await manager.findOneBy(WorkItemEntity, {
            groupId: group.id,
            identifier: input.item.identifier,
          });
          if (other) throw ReportingErrors.workItemExists(other.identifier, other.id);
        }
        await this.change(manager, item, input.item, input.actor);
        return checkReply('reporting.work-items.update', workItemView(item));
      }),
    );
  }

  async remove(input: RequestOf<'reporting.work-items.remove'>): Promise<WorkItem> {
    return this.dataSource.transaction(async (manager) => {
      const group = await this.group(input.groupId, manager);
      const item = await this.locked(manager, group.id, input.workItemId);
      await manager.delete(WorkItemEntity, { id: item.id });
      await this.record(manager, item, item.version + 1, 'removed', valuesOf(item), null, input.actor);
      return checkReply('reporting.work-items.remove', workItemView(item));
    });
  }

  /** A CSV import: every row added or updated by identifier, or nothing at all. */
  async import(input: RequestOf<'reporting.work-items.import'>): Promise<ResponseOf<'reporting.work-items.import'>> {
    return this.unique('A work item of the import', () =>
      this.dataSource.transaction(async (manager) => {
        const group = await this.group(input.groupId, manager);
        const seen = new Set<string>();
        for (const item of input.items) {
          if (seen.has(item.identifier)) throw ReportingErrors.duplicateInImport(item.identifier);
          seen.add(item.identifier);
        }
        await this.check(manager, group, input.items);
        const existing = await manager.find(WorkItemEntity, {
          where: { groupId: group.id, identifier: In([...seen]) },
          lock: { mode: 'pessimistic_write' },
        });
        const byIdentifier = new Map(existing.map((w) => [w.identifier, w]));
        const counts = { added: 0, changed: 0, unchanged: 0 };
        for (const values of input.items) {
          const current = byIdentifier.get(values.identifier);
          if (!current) {
            await this.add(manager, group.id, values, input.actor);
            counts.added += 1;
          } else if (await this.change(manager, current, values, input.actor)) counts.changed += 1;
          else counts.unchanged += 1;
        }
        return counts;
      }),
    );
  }

  /** The register now, or as it stood at the end of a date (Geneva time), by study group and identifier. */
  async list(groupId: string, asOf?: string): Promise<WorkItem[]> {
    await this.group(groupId);
    const items = asOf ? await this.asOf(groupId, endOf(asOf)) : await this.current(groupId);
    return items.sort(
      (a, b) =>
        byStudyGroup(a.studyGroup, b.studyGroup) || a.identifier.localeCompare(b.identifier, 'en', { numeric: true }),
    );
  }

  async history(groupId: string, workItemId?: string, between?: { from: Date; to: Date }) {
    await this.group(groupId);
    const query = this.dataSource
      .getRepository(WorkItemChangeEntity)
      .createQueryBuilder('c')
      .where('c.group_id = :groupId', { groupId })
      .orderBy('c.at', 'ASC')
      .addOrderBy('c.work_item_id', 'ASC')
      .addOrderBy('c.item_version', 'ASC');
    if (workItemId) query.andWhere('c.work_item_id = :workItemId', { workItemId });
    if (between) query.andWhere('c.at >= :from AND c.at < :to', between);
    const rows = await query.getMany();
    if (workItemId && rows.length === 0) throw ReportingErrors.workItemNotFound(workItemId);
    return rows.map(changeView);
  }

  async matrix(groupId: string, asOf?: string): Promise<OverlapMatrix> {
    const group = await this.group(groupId);
    const at = asOf ? endOf(asOf) : null;
    const [items, topics, lines] = await Promise.all([
      at ? this.asOf(groupId, at) : this.current(groupId),
      this.dataSource.getRepository(TopicEntity).find({ where: { groupId } }),
      this.demarcations(groupId, at),
    ]);
    const cells = overlapMatrix(topics, items, group.studyGroups);
    const names = new Map(topics.map((t) => [t.key, t.name]));
    return {
      asOf: asOf ?? null,
      studyGroups: cells.studyGroups,
      rows: cells.rows.map((row) => {
        const line = lines.get(row.topic.key);
        return {
          ...row,
          topic: { key: row.topic.key, name: row.topic.name },
          demarcation: line ? demarcationView(line, names.get(row.topic.key) ?? row.topic.key) : null,
        };
      }),
    };
  }

  async putDemarcation(input: RequestOf<'reporting.demarcation.put'>): Promise<Demarcation> {
    return this.dataSource.transaction(async (manager) => {
      const group = await this.group(input.groupId, manager);
      const topic = await manager.findOneBy(TopicEntity, { groupId: group.id, key: input.topicKey });
      if (!topic) throw ReportingErrors.topicNotFound(input.topicKey);
      const lead = input.line.leadStudyGroup;
      if (lead && !group.studyGroups.includes(lead)) {
        throw ReportingErrors.studyGroupNotInGroup(lead, group.acronym, group.studyGroups);
      }
      // Revisions of one topic are numbered in turn: the topic row is the lock.
      await manager.findOne(TopicEntity, {
        where: { groupId: group.id, key: topic.key },
        lock: { mode: 'pessimistic_write' },
      });
      const last = await manager.findOne(DemarcationEntity, {
        where: { groupId: group.id, topicKey: topic.key },
        order: { revision: 'DESC' },
      });
      const line = manager.create(DemarcationEntity, {
        groupId: group.id,
        topicKey: topic.key,
        revision: (last?.revision ?? 0) + 1,
        leadStudyGroup: lead,
        rationale: input.line.rationale,
        decidedAt: this.clock.now(),
        decidedBy: input.actor,
      });
      await manager.insert(DemarcationEntity, line);
      return checkReply('reporting.demarcation.put', demarcationView(line, topic.name));
    });
  }

  async demarcationHistory(groupId: string, topicKey: string): Promise<Demarcation[]> {
    await this.group(groupId);
    const topic = await this.dataSource.getRepository(TopicEntity).findOneBy({ groupId, key: topicKey });
    if (!topic) throw ReportingErrors.topicNotFound(topicKey);
    const rows = await this.dataSource
      .getRepository(DemarcationEntity)
      .find({ where: { groupId, topicKey }, order: { revision: 'ASC' } });
    return rows.map((r) => demarcationView(r, topic.name));
  }

  /** The newest demarcation line of each topic (as it stood at an instant, if given). */
  async demarcations(groupId: string, at: Date | null): Promise<Map<string, DemarcationEntity>> {
    const query = this.dataSource
      .getRepository(DemarcationEntity)
      .createQueryBuilder('d')
      .distinctOn(['d.topic_key'])
      .where('d.group_id = :groupId', { groupId })
      .orderBy('d.topic_key', 'ASC')
      .addOrderBy('d.revision', 'DESC');
    if (at) query.andWhere('d.decided_at <= :at', { at });
    return new Map((await query.getMany()).map((d) => [d.topicKey, d]));
  }

  private async current(groupId: string): Promise<WorkItem[]> {
    const rows = await this.dataSource.getRepository(WorkItemEntity).findBy({ groupId });
    return rows.map(workItemView);
  }

  /**
   * Each item's newest change at or before the instant (newest by the item's own version, not by
   * clock: replicas' clocks may differ): its values then, gone if it was removed.
   */
  private async asOf(groupId: string, at: Date): Promise<WorkItem[]> {
    const changes = await this.dataSource
      .getRepository(WorkItemChangeEntity)
      .createQueryBuilder('c')
      .distinctOn(['c.work_item_id'])
      .where('c.group_id = :groupId AND c.at <= :at', { groupId, at })
      .orderBy('c.work_item_id', 'ASC')
      .addOrderBy('c.item_version', 'DESC')
      .getMany();
    return changes
      .filter((c) => c.after !== null)
      .map((c) => ({ id: c.workItemId, groupId, ...c.after!, version: c.itemVersion, updatedAt: c.at.toISOString() }));
  }

  private async group(groupId: string, manager?: EntityManager): Promise<KnownGroup> {
    const group = await this.groups.find(groupId, manager);
    if (!group) throw ReportingErrors.groupNotFound(groupId);
    return group;
  }

  /** Each item's study group participates in the group, and each topic is in its vocabulary. */
  private async check(manager: EntityManager, group: KnownGroup, items: WorkItemInput[]): Promise<void> {
    for (const item of items) {
      if (!group.studyGroups.includes(item.studyGroup)) {
        throw ReportingErrors.studyGroupNotInGroup(item.studyGroup, group.acronym, group.studyGroups);
      }
    }
    const wanted = [...new Set(items.flatMap((i) => i.topics))];
    if (wanted.length === 0) return;
    const known = (await manager.find(TopicEntity, { where: { groupId: group.id } })).map((t) => t.key);
    const unknown = wanted.filter((k) => !known.includes(k));
    if (unknown.length > 0) throw ReportingErrors.topicUnknown(unknown, known);
  }

  private async locked(manager: EntityManager, groupId: string, workItemId: string): Promise<WorkItemEntity> {
    const item = await manager.findOne(WorkItemEntity, {
      where: { id: workItemId, groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!item) throw ReportingErrors.workItemNotFound(workItemId);
    return item;
  }

  private async add(manager: EntityManager, groupId: string, values: WorkItemInput, actor: string) {
    const item = manager.create(WorkItemEntity, {
      id: uuidv7(),
      groupId,
      ...values,
      version: 1,
      updatedAt: this.clock.now(),
    });
    await manager.insert(WorkItemEntity, item);
    await this.record(manager, item, item.version, 'added', null, valuesOf(item), actor);
    return item;
  }

  /** Applies new values; false when they are the same (no change is recorded). */
  private async change(manager: EntityManager, item: WorkItemEntity, values: WorkItemInput, actor: string) {
    const before = valuesOf(item);
    const after = valuesOf(values);
    if (sameValues(before, after)) return false;
    Object.assign(item, after, { version: item.version + 1, updatedAt: this.clock.now() });
    await manager.update(
      WorkItemEntity,
      { id: item.id },
      { ...after, version: item.version, updatedAt: item.updatedAt },
    );
    await this.record(manager, item, item.version, 'changed', before, after, actor);
    return true;
  }

  private async record(
    manager: EntityManager,
    item: WorkItemEntity,
    itemVersion: number,
    change: WorkItemChangeEntity['change'],
    before: WorkItemValues | null,
    after: WorkItemValues | null,
    actor: string,
  ): Promise<void> {
    await manager.insert(WorkItemChangeEntity, {
      id: uuidv7(),
      groupId: item.groupId,
      workItemId: item.id,
      itemVersion,
      identifier: item.identifier,
      at: this.clock.now(),
      actor,
      change,
      before,
      after,
    });
  }
}
