import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/**
 * The work-item register (with every change kept), the topic vocabulary, the demarcation line
 * (every revision kept), and compiled reports: versions (frozen once submitted) and the
 * co-convenors' narratives (every revision kept).
 */
export class RegisterAndReports1764400800000 implements MigrationInterface {
  name = 'RegisterAndReports1764400800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.topics (
        group_id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT topics_pkey PRIMARY KEY (group_id, key)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.work_items (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT work_items_kind_check CHECK (kind IN ('question', 'recommendation', 'draft')),
        identifier text NOT NULL,
        title text NOT NULL,
        study_group text NOT NULL,
        status text NOT NULL,
        status_date date NOT NULL,
        link text NULL,
        topics text[] NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT work_items_group_identifier_key UNIQUE (group_id, identifier)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.work_item_changes (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        work_item_id uuid NOT NULL,
        item_version integer NOT NULL,
        identifier text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        change text NOT NULL CONSTRAINT work_item_changes_change_check CHECK (change IN ('added', 'changed', 'removed')),
        before jsonb NULL,
        after jsonb NULL,
        CONSTRAINT work_item_changes_item_version_key UNIQUE (work_item_id, item_version)
      )`);
    await queryRunner.query(`CREATE INDEX work_item_changes_group_at ON ${s}.work_item_changes (group_id, at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.demarcations (
        group_id uuid NOT NULL,
        topic_key text NOT NULL,
        revision integer NOT NULL,
        lead_study_group text NULL,
        rationale text NOT NULL,
        decided_at timestamptz NOT NULL,
        decided_by text NOT NULL,
        CONSTRAINT demarcations_pkey PRIMARY KEY (group_id, topic_key, revision)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.reports (
        id uuid PRIMARY KEY,
        obligation_id uuid NOT NULL CONSTRAINT reports_obligation_id_fkey REFERENCES ${s}.obligations (id),
        group_id uuid NOT NULL,
        version integer NOT NULL,
        state text NOT NULL CONSTRAINT reports_state_check CHECK (state IN ('draft', 'submitted', 'acknowledged')),
        generated_at timestamptz NOT NULL,
        content jsonb NOT NULL,
        document bytea NULL,
        file_name text NULL,
        sha256 text NULL,
        submitted_at timestamptz NULL,
        submitted_by text NULL,
        td_number text NULL,
        numbered_document bytea NULL,
        numbered_file_name text NULL,
        numbered_sha256 text NULL,
        CONSTRAINT reports_obligation_version_key UNIQUE (obligation_id, version)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX reports_one_draft ON ${s}.reports (obligation_id) WHERE state = 'draft'`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.report_narratives (
        obligation_id uuid NOT NULL,
        objective text NOT NULL,
        revision integer NOT NULL,
        text text NOT NULL,
        written_at timestamptz NOT NULL,
        written_by text NOT NULL,
        CONSTRAINT report_narratives_pkey PRIMARY KEY (obligation_id, objective, revision)
      )`);
    await queryRunner.query(`ALTER TABLE ${s}.obligations ADD COLUMN td_number text NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX obligations_td_number_key ON ${s}.obligations (td_number) WHERE td_number IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.obligations_td_number_key`);
    await queryRunner.query(`ALTER TABLE ${s}.obligations DROP COLUMN td_number`);
    for (const table of ['report_narratives', 'reports', 'demarcations', 'work_item_changes', 'work_items', 'topics']) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
