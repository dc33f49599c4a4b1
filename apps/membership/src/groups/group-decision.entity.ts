import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GroupDecision } from '@jcg/contracts';

@Entity({ name: 'group_decisions' })
export class GroupDecisionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

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
