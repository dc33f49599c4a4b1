import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * The mail pump takes what is due to send straight from the rows (no queue job per message): a
 * message taken for sending (`queued`) holds a lease (`lease_until`) instead of a row lock across
 * the SMTP exchange; one whose send failed waits for its retry (`not_before`), counting its
 * tries. The rows due are found oldest first (`position`) among the pending and queued ones.
 * Messages left `queued` by the queue of earlier versions have no lease: the pump takes them.
 */
export class MailPump1764401500000 implements MigrationInterface {
  name = 'MailPump1764401500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN lease_until timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN not_before timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN tries integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `CREATE INDEX deliveries_due ON ${s}.deliveries (position) WHERE status IN ('pending', 'queued')`,
    );
    await queryRunner.query(`DROP INDEX ${s}.deliveries_pending`);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_queued`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP COLUMN queued_epoch`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN queued_epoch text NULL`);
    await queryRunner.query(`CREATE INDEX deliveries_queued ON ${s}.deliveries (queued_at) WHERE status = 'queued'`);
    await queryRunner.query(`CREATE INDEX deliveries_pending ON ${s}.deliveries (id) WHERE status = 'pending'`);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_due`);
    for (const column of ['tries', 'not_before', 'lease_until']) {
      await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP COLUMN ${column}`);
    }
  }
}
