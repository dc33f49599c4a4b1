import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';
import { setDeliveryKinds, setSubjectlessKinds } from '../deliveries/delivery-constraints.js';
import { KINDS_WITH_WEBHOOK_NOTICE } from '../webhooks/webhook-notice.migration.js';

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
    await setDeliveryKinds(queryRunner, [...KINDS_WITH_WEBHOOK_NOTICE, 'sign-in-link']);
    await setSubjectlessKinds(queryRunner, ['webhook-disabled', 'sign-in-link']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.deliveries WHERE kind = 'sign-in-link'`);
    await setSubjectlessKinds(queryRunner, ['webhook-disabled']);
    await setDeliveryKinds(queryRunner, KINDS_WITH_WEBHOOK_NOTICE);
    await queryRunner.query(`DROP TABLE ${s}.sign_in_links`);
  }
}
