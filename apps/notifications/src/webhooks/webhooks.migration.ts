import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * Outbound webhooks (endpoints, one message per event and endpoint, every attempt) and inbound
 * ones (each webhook-id TSB sent, once). A message's next attempt is a durable timer.
 */
export class Webhooks1764401000000 implements MigrationInterface {
  name = 'Webhooks1764401000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.webhook_endpoints (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        event_types text[] NULL,
        group_id uuid NULL,
        contact_email text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text NULL,
        disabled_at timestamptz NULL,
        secret text NOT NULL,
        previous_secret text NULL,
        previous_secret_until timestamptz NULL,
        failing_since timestamptz NULL,
        replay_until timestamptz NULL,
        replay_requests int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.webhook_messages (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES ${s}.webhook_endpoints (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        replaying boolean NOT NULL DEFAULT false,
        attempts int NOT NULL DEFAULT 0,
        sending_until timestamptz NULL,
        deferrals int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        last_error text NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz NULL,
        UNIQUE (endpoint_id, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_messages_endpoint_id ON ${s}.webhook_messages (endpoint_id, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_messages_endpoint_open ON ${s}.webhook_messages (endpoint_id, occurred_at, event_id)
        WHERE status <> 'succeeded'`,
    );
    await queryRunner.query(`CREATE INDEX webhook_messages_finished ON ${s}.webhook_messages (finished_at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.webhook_attempts (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES ${s}.webhook_messages (id) ON DELETE CASCADE,
        number int NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('scheduled', 'replay')),
        started_at timestamptz NOT NULL,
        duration_ms int NULL,
        outcome text NOT NULL CHECK (outcome IN ('sending', 'succeeded', 'failed', 'timed-out', 'interrupted', 'refused')),
        status_code int NULL,
        response text NULL,
        error text NULL
      )`);
    await queryRunner.query(`CREATE INDEX webhook_attempts_message ON ${s}.webhook_attempts (message_id, number)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.webhook_inbound (
        webhook_id text PRIMARY KEY,
        type text NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'forwarded')),
        outcome text NULL CHECK (outcome IN ('applied', 'stale')),
        lease_until timestamptz NULL,
        received_at timestamptz NOT NULL,
        forwarded_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX webhook_inbound_received ON ${s}.webhook_inbound (received_at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.webhook_inbound_aggregates (
        aggregate text PRIMARY KEY,
        event_timestamp timestamptz NOT NULL,
        webhook_id text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.webhook_inbound_aggregates`);
    await queryRunner.query(`DROP TABLE ${s}.webhook_inbound`);
    await queryRunner.query(`DROP TABLE ${s}.webhook_attempts`);
    await queryRunner.query(`DROP TABLE ${s}.webhook_messages`);
    await queryRunner.query(`DROP TABLE ${s}.webhook_endpoints`);
  }
}
