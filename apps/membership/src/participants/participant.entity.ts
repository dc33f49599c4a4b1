import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Participant } from '@jcg/contracts';
import { GroupEntity } from '../groups/group.entity.js';
import { OrganizationEntity } from '../organizations/organization.entity.js';

@Entity({ name: 'participants' })
@Check('participants_role_check', `(role = ANY (ARRAY['participant'::text, 'co-convenor'::text, 'observer'::text]))`)
@Check('participants_status_check', `(status = ANY (ARRAY['active'::text, 'suspended'::text, 'left'::text]))`)
// Unique on (group_id, lower(email)) WHERE status <> 'left': TypeORM cannot express the lower(email) part.
@Index('participants_email', { synchronize: false })
@Index('participants_group', ['groupId', 'id'])
@Index('participants_organization', ['organizationId'])
export class ParticipantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => GroupEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'participants_group_id_fkey' })
  private readonly group?: GroupEntity;

  @ManyToOne(() => OrganizationEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'participants_organization_id_fkey' })
  private readonly organization?: OrganizationEntity;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('text')
  role!: Participant['role'];

  @Column('text')
  status!: Participant['status'];

  @Column('timestamptz', { name: 'joined_at' })
  joinedAt!: Date;

  @Column('timestamptz', { name: 'left_at', nullable: true })
  leftAt!: Date | null;

  toContract(): Participant {
    return {
      id: this.id,
      groupId: this.groupId,
      organizationId: this.organizationId,
      name: this.name,
      email: this.email,
      timeZone: this.timeZone,
      role: this.role,
      status: this.status,
      joinedAt: this.joinedAt.toISOString(),
      leftAt: this.leftAt?.toISOString() ?? null,
    };
  }
}
