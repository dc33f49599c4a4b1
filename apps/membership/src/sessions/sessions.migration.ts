import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** Browser sessions of participants (sign-in by e-mail link): only a hash of each secret. */
export class Sessions1764401200000 implements MigrationInterface {
  name = 'Sessions1764401200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.sessions (
        id uuid PRIMARY KEY,
        secret_hash text NOT NULL,
        participant_id uuid NOT NULL REFERENCES ${s}.participants (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX sessions_participant ON ${s}.sessions (participant_id) WHERE revoked_at IS NULL`,
    );
    // Links mailed before this instant open no session (set when every session is revoked, or the address changes).
    await queryRunner.query(`
      CREATE TABLE ${s}.sign_in_barriers (
        participant_id uuid PRIMARY KEY REFERENCES ${s}.participants (id),
        not_before timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.sign_in_barriers`);
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.sessions`);
  }
}
