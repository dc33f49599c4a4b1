import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** agenda keeps the newest copy of its meeting by the meeting's version (events may arrive in any order). */
export class AgendaMeetingVersions1764400200000 implements MigrationInterface {
  name = 'AgendaMeetingVersions1764400200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN meeting_version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ALTER COLUMN meeting_version DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas DROP COLUMN last_meeting_event_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.agendas ADD COLUMN last_meeting_event_id uuid NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.agendas DROP COLUMN meeting_version`);
  }
}
