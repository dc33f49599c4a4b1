import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

const KINDS = [
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
];

/** Notices about the reports a group owes are deliveries too: about an obligation, not a meeting. */
export class ReportNotices1764400700000 implements MigrationInterface {
  name = 'ReportNotices1764400700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ALTER COLUMN meeting_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN obligation_id uuid NULL`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK ((meeting_id IS NULL) <> (obligation_id IS NULL))`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.deliveries WHERE obligation_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP COLUMN obligation_id`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ALTER COLUMN meeting_id SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${KINDS.slice(0, 9)
        .map((k) => `'${k}'`)
        .join(', ')}))`,
    );
  }
}
