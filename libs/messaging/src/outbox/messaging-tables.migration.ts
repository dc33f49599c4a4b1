import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** The outbox and inbox tables, in the schema of every service that publishes or consumes events. */
export class MessagingTables1764300000000 implements MigrationInterface {
  name = 'MessagingTables1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.outbox (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        envelope jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX outbox_pending ON ${s}.outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE ${s}.inbox (
        event_id uuid NOT NULL,
        handler text NOT NULL,
        event_type text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, handler)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.inbox`);
    await queryRunner.query(`DROP TABLE ${s}.outbox`);
  }
}
