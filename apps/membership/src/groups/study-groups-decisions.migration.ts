import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** The parent's decision on the participating study groups is kept with the group's other decisions. */
export class StudyGroupsDecisions1764400500000 implements MigrationInterface {
  name = 'StudyGroupsDecisions1764400500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.group_decisions DROP CONSTRAINT group_decisions_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.group_decisions ADD CONSTRAINT group_decisions_kind_check CHECK (kind IN ('extension', 'conclusion', 'study-groups'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.group_decisions DROP CONSTRAINT group_decisions_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.group_decisions ADD CONSTRAINT group_decisions_kind_check CHECK (kind IN ('extension', 'conclusion'))`,
    );
  }
}
