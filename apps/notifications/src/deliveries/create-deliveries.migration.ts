import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** notifications' copy of announced meetings, and one row per message to send (its own outbox). */
export class CreateDeliveries1764300800000 implements MigrationInterface {
  name = 'CreateDeliveries1764300800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.meeting_copies (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        state text NOT NULL,
        starts_at timestamptz NOT NULL,
        sequence integer NOT NULL,
        announced boolean NOT NULL,
        meeting jsonb NOT NULL,
        agenda jsonb NULL,
        last_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX meeting_copies_group ON ${s}.meeting_copies (group_id, starts_at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.deliveries (
        id uuid PRIMARY KEY,
        dedup_key text NOT NULL UNIQUE,
        meeting_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('announcement', 'invite', 'update', 'cancellation')),
        participant_id uuid NULL,
        recipient_name text NOT NULL,
        recipient_email text NOT NULL,
        recipient_time_zone text NULL,
        sequence integer NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'queued', 'sent')),
        created_at timestamptz NOT NULL,
        queued_at timestamptz NULL,
        sent_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX deliveries_pending ON ${s}.deliveries (id) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.deliveries`);
    await queryRunner.query(`DROP TABLE ${s}.meeting_copies`);
  }
}
