import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { WorkItemValues } from '@jcg/contracts';

/** A topic of a group's vocabulary. */
@Entity({ name: 'topics' })
export class TopicEntity {
  @PrimaryColumn('uuid', { name: 'group_id', primaryKeyConstraintName: 'topics_pkey' })
  groupId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'topics_pkey' })
  key!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** A work item of the register, as it stands now. */
@Entity({ name: 'work_items' })
@Unique('work_items_group_identifier_key', ['groupId', 'identifier'])
@Check('work_items_kind_check', `(kind = ANY (ARRAY['question'::text, 'recommendation'::text, 'draft'::text]))`)
export class WorkItemEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  kind!: WorkItemValues['kind'];

  @Column('text')
  identifier!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'study_group' })
  studyGroup!: string;

  @Column('text')
  status!: WorkItemValues['status'];

  @Column('date', { name: 'status_date' })
  statusDate!: string;

  @Column('text', { nullable: true })
  link!: string | null;

  @Column('text', { array: true })
  topics!: string[];

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One change of the register: the values before and after, who and when. */
@Entity({ name: 'work_item_changes' })
@Index('work_item_changes_group_at', ['groupId', 'at'])
@Unique('work_item_changes_item_version_key', ['workItemId', 'itemVersion'])
@Check('work_item_changes_change_check', `(change = ANY (ARRAY['added'::text, 'changed'::text, 'removed'::text]))`)
export class WorkItemChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('uuid', { name: 'work_item_id' })
  workItemId!: string;

  /** The work item's version after the change (a removal is one more): the order of its changes. */
  @Column('integer', { name: 'item_version' })
  itemVersion!: number;

  @Column('text')
  identifier!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  actor!: string;

  @Column('text')
  change!: 'added' | 'changed' | 'removed';

  @Column('jsonb', { nullable: true })
  before!: WorkItemValues | null;

  @Column('jsonb', { nullable: true })
  after!: WorkItemValues | null;
}

/** One revision of a topic's demarcation line. */
@Entity({ name: 'demarcations' })
export class DemarcationEntity {
  @PrimaryColumn('uuid', { name: 'group_id', primaryKeyConstraintName: 'demarcations_pkey' })
  groupId!: string;

  @PrimaryColumn('text', { name: 'topic_key', primaryKeyConstraintName: 'demarcations_pkey' })
  topicKey!: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'demarcations_pkey' })
  revision!: number;

  @Column('text', { name: 'lead_study_group', nullable: true })
  leadStudyGroup!: string | null;

  @Column('text')
  rationale!: string;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt!: Date;

  @Column('text', { name: 'decided_by' })
  decidedBy!: string;
}
