import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Group } from '@jcg/contracts';

/** A service's own copy of a group, kept from membership's events. */
@Entity({ name: 'known_groups' })
export class KnownGroupEntity {
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

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
