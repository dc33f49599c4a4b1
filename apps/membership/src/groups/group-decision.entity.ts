import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { GroupDecision } from '@jcg/contracts';
import { GroupEntity } from './group.entity.js';

@Entity({ name: 'group_decisions' })
@Check(
  'group_decisions_kind_check',
  `(kind = ANY (ARRAY['extension'::text, 'conclusion'::text, 'study-groups'::text]))`,
)
export class GroupDecisionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @ManyToOne(() => GroupEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'group_decisions_group_id_fkey' })
  private readonly group?: GroupEntity;

  @Column('text')
  kind!: GroupDecision['kind'];

  @Column('date', { name: 'decided_on' })
  decidedOn!: string;

  @Column('text')
  reference!: string;

  @Column('date', { nullable: true })
  until!: string | null;

  @Column('text', { name: 'study_group_input', array: true })
  studyGroupInput!: string[];

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  toContract(): GroupDecision {
    return {
      groupId: this.groupId,
      kind: this.kind,
      decidedOn: this.decidedOn,
      reference: this.reference,
      until: this.until,
      studyGroupInput: this.studyGroupInput,
      recordedAt: this.recordedAt.toISOString(),
    };
  }
}
