import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Agenda, AgendaItem } from '@jcg/contracts';

@Entity({ name: 'agendas' })
export class AgendaEntity {
  @PrimaryColumn('uuid', { name: 'meeting_id' })
  meetingId!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  label!: string;

  @Column('jsonb')
  items!: AgendaItem[];

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  toContract(): Agenda {
    return { meetingId: this.meetingId, groupId: this.groupId, label: this.label, items: this.items, updatedAt: this.updatedAt.toISOString() };
  }
}
