import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateGroups1764300100000 implements MigrationInterface {
  name = 'CreateGroups1764300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.groups (
        id uuid PRIMARY KEY,
        acronym text NOT NULL,
        title text NOT NULL,
        parent_body text NOT NULL,
        study_groups text[] NOT NULL,
        mailing_list text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'concluded')),
        announcement_lead_days integer NOT NULL CHECK (announcement_lead_days BETWEEN 1 AND 90),
        concurrence_required boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX groups_acronym ON ${s}.groups (lower(acronym))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.groups`);
  }
}
