import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Participant } from '@jcg/contracts';

@Entity({ name: 'participants' })
export class ParticipantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

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
