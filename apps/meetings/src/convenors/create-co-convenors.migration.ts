import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

export class CreateCoConvenors1764300500000 implements MigrationInterface {
  name = 'CreateCoConvenors1764300500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ${schemaOf(queryRunner)}.co_convenors (
        group_id uuid NOT NULL,
        study_group text NOT NULL,
        participant_id uuid NOT NULL,
        participant_name text NOT NULL,
        appointed_on date NOT NULL,
        appointment_id uuid NOT NULL,
        PRIMARY KEY (group_id, study_group)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.co_convenors`);
  }
}
