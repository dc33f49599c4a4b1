import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateKnownGroups1764300200000 implements MigrationInterface {
  name = 'CreateKnownGroups1764300200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ${schemaOf(queryRunner)}.known_groups (
        id uuid PRIMARY KEY,
        acronym text NOT NULL,
        title text NOT NULL,
        parent_body text NOT NULL,
        study_groups text[] NOT NULL,
        mailing_list text NOT NULL,
        status text NOT NULL,
        announcement_lead_days integer NOT NULL,
        concurrence_required boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.known_groups`);
  }
}
