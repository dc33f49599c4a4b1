import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * What Redis may lose is rebuilt from these: the epoch under which each outbox row was
 * published, outbox rows set aside because they no longer parse, and durable timers (a row per
 * timer; its BullMQ job only triggers it).
 */
export class MessagingResilience1764400000000 implements MigrationInterface {
  name = 'MessagingResilience1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.outbox ADD COLUMN published_epoch text NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.outbox ADD COLUMN set_aside_at timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.outbox ADD COLUMN set_aside_reason text NULL`);
    await queryRunner.query(`DROP INDEX ${s}.outbox_pending`);
    await queryRunner.query(
      `CREATE INDEX outbox_pending ON ${s}.outbox (id) WHERE published_at IS NULL AND set_aside_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.timers (
        key text PRIMARY KEY,
        kind text NOT NULL,
        generation integer NOT NULL,
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'firing', 'fired', 'cancelled', 'failed')),
        enqueued_epoch text NULL,
        fired_at timestamptz NULL,
        outcome text NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX timers_due ON ${s}.timers (due_at) WHERE status IN ('scheduled', 'firing')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.timers`);
    await queryRunner.query(`DROP INDEX ${s}.outbox_pending`);
    await queryRunner.query(`CREATE INDEX outbox_pending ON ${s}.outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.outbox DROP COLUMN set_aside_reason`);
    await queryRunner.query(`ALTER TABLE ${s}.outbox DROP COLUMN set_aside_at`);
    await queryRunner.query(`ALTER TABLE ${s}.outbox DROP COLUMN published_epoch`);
  }
}
