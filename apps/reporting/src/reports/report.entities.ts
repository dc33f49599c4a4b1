import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { ReportContent } from './report-content.js';
import { ObligationEntity } from '../obligations/obligation.entity.js';

/** One version of a compiled report: a draft, or frozen for good once submitted. */
@Entity({ name: 'reports' })
@Unique('reports_obligation_version_key', ['obligationId', 'version'])
@Index('reports_one_draft', ['obligationId'], { unique: true, where: `state = 'draft'` })
@Check('reports_state_check', `(state = ANY (ARRAY['draft'::text, 'submitted'::text, 'acknowledged'::text]))`)
export class ReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'obligation_id' })
  obligationId!: string;

  @ManyToOne(() => ObligationEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'obligation_id', foreignKeyConstraintName: 'reports_obligation_id_fkey' })
  private readonly obligation?: ObligationEntity;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('integer')
  version!: number;

  @Column('text')
  state!: 'draft' | 'submitted' | 'acknowledged';

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt!: Date;

  /** The facts as compiled; frozen with the narratives once submitted. */
  @Column('jsonb')
  content!: ReportContent;

  @Column('bytea', { nullable: true })
  document!: Buffer | null;

  @Column('text', { name: 'file_name', nullable: true })
  fileName!: string | null;

  @Column('text', { nullable: true })
  sha256!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  @Column('text', { name: 'td_number', nullable: true })
  tdNumber!: string | null;

  @Column('bytea', { name: 'numbered_document', nullable: true })
  numberedDocument!: Buffer | null;

  @Column('text', { name: 'numbered_file_name', nullable: true })
  numberedFileName!: string | null;

  @Column('text', { name: 'numbered_sha256', nullable: true })
  numberedSha256!: string | null;
}

/** One revision of the narrative of one objective, for an obligation's report (kept across versions). */
@Entity({ name: 'report_narratives' })
export class NarrativeEntity {
  @PrimaryColumn('uuid', { name: 'obligation_id', primaryKeyConstraintName: 'report_narratives_pkey' })
  obligationId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'report_narratives_pkey' })
  objective!: 'a' | 'b' | 'c' | 'd';

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'report_narratives_pkey' })
  revision!: number;

  @Column('text')
  text!: string;

  @Column('timestamptz', { name: 'written_at' })
  writtenAt!: Date;

  @Column('text', { name: 'written_by' })
  writtenBy!: string;
}
