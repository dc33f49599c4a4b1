import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateMeetings1764300600000 implements MigrationInterface {
  name = 'CreateMeetings1764300600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.meetings (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
        time_zone text NOT NULL,
        tool text NOT NULL,
        join_details jsonb NULL,
        state text NOT NULL CHECK (state IN ('proposed', 'agreed', 'announced', 'held', 'closed', 'cancelled')),
        proposed_by uuid NULL,
        concurred_by uuid[] NOT NULL,
        announcement_deadline timestamptz NOT NULL,
        announce_at timestamptz NULL,
        announced_at timestamptz NULL,
        calendar_uid text NOT NULL UNIQUE,
        sequence integer NOT NULL CHECK (sequence >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX meetings_group ON ${s}.meetings (group_id, starts_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.meetings`);
  }
}
