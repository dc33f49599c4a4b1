import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateAgendas1764300700000 implements MigrationInterface {
  name = 'CreateAgendas1764300700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ${schemaOf(queryRunner)}.agendas (
        meeting_id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        label text NOT NULL,
        items jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.agendas`);
  }
}
