import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * Timers are found by key prefix (`obligation:<id>:` when an obligation's timers follow it), and
 * `starts_with(key, ...)` can use only an index in text_pattern_ops: without it every
 * `Timers.sync` read the whole table (measured: moving one body meeting for 500 groups, each
 * obligation's sync scanned all 48,000 timers).
 */
export class TimerKeyPrefix1764401400000 implements MigrationInterface {
  name = 'TimerKeyPrefix1764401400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE INDEX timers_key_prefix ON ${s}.timers (key text_pattern_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}.timers_key_prefix`);
  }
}
