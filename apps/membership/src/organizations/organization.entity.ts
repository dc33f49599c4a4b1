import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Organization } from '@jcg/contracts';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  category!: Organization['category'];

  @Column('text', { name: 'study_groups', array: true })
  studyGroups!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  toContract(): Organization {
    return { id: this.id, name: this.name, category: this.category, studyGroups: this.studyGroups };
  }
}

@Entity({ name: 'group_organizations' })
export class GroupOrganizationEntity {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId!: string;

  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('timestamptz', { name: 'admitted_at' })
  admittedAt!: Date;
}
