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

  @Column('text', { name: 'meeting_title', default: '' })
  meetingTitle!: string;

  @Column('timestamptz', { name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column('text', { name: 'meeting_state', default: 'proposed' })
  meetingState!: string;

  /** How many times it was revised after the announcement (rev.1, rev.2 ...). */
  @Column('integer', { default: 0 })
  revision!: number;

  /** The version of the newest copy of the meeting it knows (events may arrive in any order). */
  @Column('integer', { name: 'meeting_version' })
  meetingVersion!: number;

  toContract(): Agenda {
    return {
      meetingId: this.meetingId,
      groupId: this.groupId,
      label: this.label,
      items: this.items,
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
