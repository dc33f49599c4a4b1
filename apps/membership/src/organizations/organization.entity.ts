import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Organization } from '@jcg/contracts';
import { GroupEntity } from '../groups/group.entity.js';

@Entity({ name: 'organizations' })
// An expression index on lower(name), which TypeORM cannot express: declared, left to the migration.
@Index('organizations_name', { synchronize: false })
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

  @ManyToOne(() => GroupEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'group_organizations_group_id_fkey' })
  private readonly group?: GroupEntity;

  @ManyToOne(() => OrganizationEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'group_organizations_organization_id_fkey' })
  private readonly organization?: OrganizationEntity;

  @Column('timestamptz', { name: 'admitted_at' })
  admittedAt!: Date;
}
