import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** What agenda needs of its meeting: when it starts, whether it was announced or cancelled, and the revision count. */
export class TrackMeetings1764301100000 implements MigrationInterface {
  name = 'TrackMeetings1764301100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN meeting_title text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN starts_at timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN meeting_state text NOT NULL DEFAULT 'proposed'`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN revision integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN last_meeting_event_id uuid NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const column of ['meeting_title', 'starts_at', 'meeting_state', 'revision', 'last_meeting_event_id']) {
      await queryRunner.query(`ALTER TABLE ${s}.agendas DROP COLUMN ${column}`);
    }
  }
}
