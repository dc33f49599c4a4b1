import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';
import { setDeliveryKinds, setSubjectlessKinds } from '../deliveries/delivery-constraints.js';

const BEFORE = [
  'announcement',
  're-announcement',
  'cancellation-notice',
  'agenda-revision',
  'invite',
  'update',
  'cancellation',
  'reminder',
  'announcement-missed',
  'report-reminder',
  'report-overdue',
  'report-missed',
  'report-submission',
];
/** The kinds of message once this migration ran (the next migration that adds one starts from them). */
export const KINDS_WITH_WEBHOOK_NOTICE = [...BEFORE, 'webhook-disabled'];

/** The contact of a webhook endpoint the system disabled is mailed. */
export class WebhookNotice1764401100000 implements MigrationInterface {
  name = 'WebhookNotice1764401100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await setDeliveryKinds(queryRunner, KINDS_WITH_WEBHOOK_NOTICE);
    // A notice about an endpoint is about neither a meeting nor an obligation.
    await setSubjectlessKinds(queryRunner, ['webhook-disabled']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM ${schemaOf(queryRunner)}.deliveries WHERE kind = 'webhook-disabled'`);
    await setSubjectlessKinds(queryRunner, []);
    await setDeliveryKinds(queryRunner, BEFORE);
  }
}
