import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Group } from '@jcg/contracts';

@Entity({ name: 'groups' })
@Check('groups_status_check', `(status = ANY (ARRAY['active'::text, 'concluded'::text]))`)
@Check('groups_announcement_lead_days_check', '((announcement_lead_days >= 1) AND (announcement_lead_days <= 90))')
// An expression index on lower(acronym), which TypeORM cannot express: declared, left to the migration.
@Index('groups_acronym', { synchronize: false })
export class GroupEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  acronym!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'parent_body' })
  parentBody!: string;

  @Column('text', { name: 'study_groups', array: true })
  studyGroups!: string[];

  @Column('text', { name: 'mailing_list' })
  mailingList!: string;

  @Column('text')
  status!: Group['status'];

  @Column('integer', { name: 'announcement_lead_days' })
  announcementLeadDays!: number;

  @Column('boolean', { name: 'concurrence_required' })
  concurrenceRequired!: boolean;

  @Column('integer', { name: 'current_tor_version' })
  currentTorVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  toContract(): Group {
    return {
      id: this.id,
      acronym: this.acronym,
      title: this.title,
      parentBody: this.parentBody,
      studyGroups: this.studyGroups,
      mailingList: this.mailingList,
      status: this.status,
      announcementLeadDays: this.announcementLeadDays,
      concurrenceRequired: this.concurrenceRequired,
      currentTorVersion: this.currentTorVersion,
    };
  }
}
