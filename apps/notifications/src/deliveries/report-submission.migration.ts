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
];
const kinds = (list: string[]) => list.map((k) => `'${k}'`).join(', ');

/** A submitted report is mailed, with its document attached, to the body's secretariat and to the list. */
export class ReportSubmission1764400900000 implements MigrationInterface {
  name = 'ReportSubmission1764400900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds([...BEFORE, 'report-submission'])}))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.deliveries WHERE kind = 'report-submission'`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${kinds(BEFORE)}))`,
    );
  }
}
