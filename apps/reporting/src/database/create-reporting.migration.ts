import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** The calendar of the bodies groups report to, and what each group owes them (R6). */
export class CreateReporting1764400600000 implements MigrationInterface {
  name = 'CreateReporting1764400600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.body_meetings (
        id uuid PRIMARY KEY,
        reference text NOT NULL CONSTRAINT body_meetings_reference_key UNIQUE,
        body text NOT NULL,
        first_day date NOT NULL,
        last_day date NOT NULL,
        place text NOT NULL,
        status text NOT NULL CONSTRAINT body_meetings_status_check CHECK (status IN ('scheduled', 'cancelled')),
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT body_meetings_days_check CHECK (last_day >= first_day)
      )`);
    await queryRunner.query(`CREATE INDEX body_meetings_body ON ${s}.body_meetings (body, first_day)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.obligations (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        body text NOT NULL,
        body_meeting_id uuid NOT NULL CONSTRAINT obligations_body_meeting_id_fkey REFERENCES ${s}.body_meetings (id),
        due_date date NOT NULL,
        state text NOT NULL CONSTRAINT obligations_state_check
          CHECK (state IN ('open', 'drafted', 'submitted', 'acknowledged', 'cancelled', 'missed')),
        final boolean NOT NULL,
        document_reference text NULL,
        submitted_at timestamptz NULL,
        submitted_by uuid NULL,
        acknowledged_at timestamptz NULL,
        missed_at timestamptz NULL,
        cancelled_reason text NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT obligations_group_meeting_key UNIQUE (group_id, body_meeting_id)
      )`);
    await queryRunner.query(`CREATE INDEX obligations_group_due ON ${s}.obligations (group_id, due_date)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.obligations`);
    await queryRunner.query(`DROP TABLE ${s}.body_meetings`);
  }
}
