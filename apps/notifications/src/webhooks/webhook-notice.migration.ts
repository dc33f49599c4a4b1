import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

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
const kinds = (list: string[]) => list.map((k) => `'${k}'`).join(', ');

/** The contact of a webhook endpoint the system disabled is mailed. */
export class WebhookNotice1764401100000 implements MigrationInterface {
  name = 'WebhookNotice1764401100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds([...BEFORE, 'webhook-disabled'])}))`,
    );
    // A notice about an endpoint is about neither a meeting nor an obligation.
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK (CASE WHEN kind = 'webhook-disabled'
         THEN meeting_id IS NULL AND obligation_id IS NULL ELSE (meeting_id IS NULL) <> (obligation_id IS NULL) END)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.deliveries WHERE kind = 'webhook-disabled'`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK ((meeting_id IS NULL) <> (obligation_id IS NULL))`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds(BEFORE)}))`,
    );
  }
}
