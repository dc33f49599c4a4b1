import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * Every meeting gets a version, raised with each change, so consumers of its events keep the
 * newest copy whatever the order of arrival. meetings no longer keeps copies of the groups and
 * co-convenors: its rules ask membership for the current ones (a copy may lag what the caller
 * already knew).
 */
export class MeetingVersions1764400100000 implements MigrationInterface {
  name = 'MeetingVersions1764400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `ALTER TABLE ${s}.meetings ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT meetings_version_check CHECK (version >= 1)`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.meetings ALTER COLUMN version DROP DEFAULT`);
    await queryRunner.query(`DROP TABLE ${s}.co_convenors`);
    await queryRunner.query(`DROP TABLE ${s}.known_groups`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.meetings DROP COLUMN version`);
    await queryRunner.query(`
      CREATE TABLE ${s}.co_convenors (
        group_id uuid NOT NULL, study_group text NOT NULL, participant_id uuid NOT NULL, participant_name text NOT NULL,
        appointed_on date NOT NULL, appointment_id uuid NOT NULL, PRIMARY KEY (group_id, study_group)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.known_groups (
        id uuid PRIMARY KEY, acronym text NOT NULL, title text NOT NULL, parent_body text NOT NULL,
        study_groups text[] NOT NULL, mailing_list text NOT NULL, status text NOT NULL,
        announcement_lead_days integer NOT NULL, concurrence_required boolean NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}
