import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateRoster1764300400000 implements MigrationInterface {
  name = 'CreateRoster1764300400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.roster (
        participant_id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        time_zone text NOT NULL,
        role text NOT NULL,
        status text NOT NULL,
        last_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX roster_group ON ${s}.roster (group_id, status)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.roster`);
  }
}
