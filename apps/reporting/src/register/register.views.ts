import type { Demarcation, Topic, WorkItem, WorkItemChange, WorkItemValues } from '@jcg/contracts';
import type { DemarcationEntity, TopicEntity, WorkItemChangeEntity, WorkItemEntity } from './register.entities.js';

export const topicView = (t: TopicEntity): Topic => ({ key: t.key, name: t.name, description: t.description });

export function valuesOf(w: Pick<WorkItemEntity, keyof WorkItemValues>): WorkItemValues {
  return {
    kind: w.kind,
    identifier: w.identifier,
    title: w.title,
    studyGroup: w.studyGroup,
    status: w.status,
    statusDate: w.statusDate,
    link: w.link,
    topics: [...w.topics],
  };
}

export const workItemView = (w: WorkItemEntity): WorkItem => ({
  id: w.id,
  groupId: w.groupId,
  ...valuesOf(w),
  version: w.version,
  updatedAt: w.updatedAt.toISOString(),
});

export const changeView = (c: WorkItemChangeEntity): WorkItemChange => ({
  id: c.id,
  workItemId: c.workItemId,
  identifier: c.identifier,
  at: c.at.toISOString(),
  actor: c.actor,
  change: c.change,
  before: c.before,
  after: c.after,
});

export const demarcationView = (d: DemarcationEntity, topicName: string): Demarcation => ({
  topic: { key: d.topicKey, name: topicName },
  leadStudyGroup: d.leadStudyGroup,
  rationale: d.rationale,
  revision: d.revision,
  decidedAt: d.decidedAt.toISOString(),
  decidedBy: d.decidedBy,
});

/** What changed between two states of a work item, for people: "status: under-study → consented; title". */
export function changeDetail(before: WorkItemValues | null, after: WorkItemValues | null): string {
  if (!before && after) return `added: ${after.title} (${after.studyGroup}, ${after.status} since ${after.statusDate})`;
  if (before && !after) return `removed: ${before.title}`;
  if (!before || !after) return '';
  const parts: string[] = [];
  if (before.status !== after.status || before.statusDate !== after.statusDate) {
    parts.push(`status: ${before.status} (${before.statusDate}) → ${after.status} (${after.statusDate})`);
  }
  if (before.title !== after.title) parts.push(`title: ${after.title}`);
  if (before.studyGroup !== after.studyGroup) parts.push(`study group: ${before.studyGroup} → ${after.studyGroup}`);
  if (before.kind !== after.kind) parts.push(`kind: ${before.kind} → ${after.kind}`);
  if (before.link !== after.link) parts.push(`link: ${after.link ?? 'none'}`);
  const added = after.topics.filter((t) => !before.topics.includes(t));
  const removed = before.topics.filter((t) => !after.topics.includes(t));
  if (added.length || removed.length) {
    parts.push(`topics: ${[...added.map((t) => `+${t}`), ...removed.map((t) => `-${t}`)].join(', ')}`);
  }
  return parts.join('; ');
}
