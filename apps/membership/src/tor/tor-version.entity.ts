import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TorVersion } from '@jcg/contracts';
import { GroupEntity } from '../groups/group.entity.js';

@Entity({ name: 'tor_versions' })
@Check(
  'tor_versions_status_check',
  `(status = ANY (ARRAY['draft'::text, 'sent'::text, 'approved'::text, 'declined'::text]))`,
)
export class TorVersionEntity {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId!: string;

  @ManyToOne(() => GroupEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'tor_versions_group_id_fkey' })
  private readonly group?: GroupEntity;

  @PrimaryColumn('integer')
  version!: number;

  @Column('text')
  status!: TorVersion['status'];

  @Column('text')
  summary!: string;

  @Column('text')
  text!: string;

  @Column('jsonb')
  objectives!: { key: string; text: string }[];

  @Column('uuid', { name: 'proposed_by', nullable: true })
  proposedBy!: string | null;

  @Column('timestamptz', { name: 'proposed_at' })
  proposedAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('date', { name: 'decided_on', nullable: true })
  decidedOn!: string | null;

  @Column('text', { name: 'decision_reference', nullable: true })
  decisionReference!: string | null;

  toContract(): TorVersion {
    return {
      groupId: this.groupId,
      version: this.version,
      status: this.status,
      summary: this.summary,
      text: this.text,
      objectives: this.objectives,
      proposedBy: this.proposedBy,
      proposedAt: this.proposedAt.toISOString(),
      sentAt: this.sentAt?.toISOString() ?? null,
      decidedOn: this.decidedOn,
      decisionReference: this.decisionReference,
    };
  }
}
