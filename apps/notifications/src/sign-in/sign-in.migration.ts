import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

const BEFORE = [
  'announcement',
  're-announcement',
  'cancellation-notice',
  'agenda-revision',
  'invite',
  'update',
  'cancellation',
  'reminder',
  'announcement-missed',
  'report-reminder',
  'report-overdue',
  'report-missed',
  'report-submission',
  'webhook-disabled',
];
const kinds = (list: string[]) => list.map((k) => `'${k}'`).join(', ');

/** One-time sign-in links (only a hash of each), and their mail. */
export class SignInLinks1764401300000 implements MigrationInterface {
  name = 'SignInLinks1764401300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.sign_in_links (
        token_hash text PRIMARY KEY,
        participant_id uuid NOT NULL,
        email text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX sign_in_links_email ON ${s}.sign_in_links (lower(email), created_at)`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds([...BEFORE, 'sign-in-link'])}))`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK (CASE WHEN kind IN ('webhook-disabled', 'sign-in-link')
         THEN meeting_id IS NULL AND obligation_id IS NULL ELSE (meeting_id IS NULL) <> (obligation_id IS NULL) END)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.deliveries WHERE kind = 'sign-in-link'`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK (CASE WHEN kind = 'webhook-disabled'
         THEN meeting_id IS NULL AND obligation_id IS NULL ELSE (meeting_id IS NULL) <> (obligation_id IS NULL) END)`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds(BEFORE)}))`,
    );
    await queryRunner.query(`DROP TABLE ${s}.sign_in_links`);
  }
}
