import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * The webhook pump finds what is due to send from the message rows (no timer per message): per
 * endpoint, the pending messages not under replay, oldest due first.
 */
export class WebhookPump1764401400000 implements MigrationInterface {
  name = 'WebhookPump1764401400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX webhook_messages_due ON ${schemaOf(queryRunner)}.webhook_messages (endpoint_id, next_attempt_at, id)
        WHERE status = 'pending' AND NOT replaying`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}.webhook_messages_due`);
  }
}
