import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** The answers to POST requests sent with an Idempotency-Key, replayed when the same request comes again. */
export class CreateIdempotencyKeys1764301400000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764301400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.idempotency_keys (
        principal text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status integer NULL,
        response jsonb NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_created ON ${s}.idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.idempotency_keys`);
  }
}
