import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TorVersion } from '@jcg/contracts';

@Entity({ name: 'tor_versions' })
export class TorVersionEntity {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId!: string;

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
