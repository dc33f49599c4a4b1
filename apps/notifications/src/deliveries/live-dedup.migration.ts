import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * A message decided again after the one before it was superseded unsent (a participant
 * suspended, restored and suspended again before the mail went out) must not collide with it:
 * the dedup key is unique among the messages still meant to be sent or sent, not the superseded.
 */
export class LiveDedup1764400400000 implements MigrationInterface {
  name = 'LiveDedup1764400400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_dedup_key_key`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX deliveries_dedup_live ON ${s}.deliveries (dedup_key) WHERE status <> 'superseded'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_dedup_live`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_dedup_key_key UNIQUE (dedup_key)`);
  }
}
