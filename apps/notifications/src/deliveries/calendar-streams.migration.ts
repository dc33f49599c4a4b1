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
];

/**
 * Mail as streams: each recipient's messages about a meeting form a stream, sent in the order
 * they were decided (`position`), each newer decision superseding what was not sent yet. The
 * meeting copy is kept by the meeting's version. A delivery that failed for good says why, and
 * its job is queued again (a new `attempt`, a new job id) when SMTP answers again.
 */
export class CalendarStreams1764400300000 implements MigrationInterface {
  name = 'CalendarStreams1764400300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.meeting_copies ADD COLUMN version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE ${s}.meeting_copies ALTER COLUMN version DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE ${s}.meeting_copies DROP COLUMN last_event_id`);

    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN stream text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ALTER COLUMN stream DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN hold boolean NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN meeting_sequence integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ALTER COLUMN meeting_sequence DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN attempt integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN queued_epoch text NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN failed_at timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN last_error text NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries ADD COLUMN retryable boolean NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_status_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'queued', 'sent', 'failed', 'superseded'))`,
    );
    await queryRunner.query(`CREATE INDEX deliveries_stream ON ${s}.deliveries (meeting_id, stream, position)`);
    await queryRunner.query(`CREATE INDEX deliveries_queued ON ${s}.deliveries (queued_at) WHERE status = 'queued'`);
    await queryRunner.query(`CREATE INDEX deliveries_failed ON ${s}.deliveries (failed_at) WHERE status = 'failed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_failed`);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_queued`);
    await queryRunner.query(`DROP INDEX ${s}.deliveries_stream`);
    for (const column of [
      'retryable',
      'last_error',
      'failed_at',
      'queued_epoch',
      'attempt',
      'meeting_sequence',
      'hold',
      'stream',
      'position',
    ]) {
      await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP COLUMN ${column}`);
    }
    await queryRunner.query(`ALTER TABLE ${s}.meeting_copies ADD COLUMN last_event_id uuid NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.meeting_copies DROP COLUMN version`);
  }
}
