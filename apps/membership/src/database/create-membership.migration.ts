import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** Groups and their ToR, organizations, participants, co-convenor appointments, API keys. */
export class CreateMembership1764300100000 implements MigrationInterface {
  name = 'CreateMembership1764300100000';

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
        current_tor_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX groups_acronym ON ${s}.groups (lower(acronym))`);
    await queryRunner.query(`
      CREATE TABLE ${s}.tor_versions (
        group_id uuid NOT NULL REFERENCES ${s}.groups (id),
        version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'sent', 'approved', 'declined')),
        summary text NOT NULL,
        text text NOT NULL,
        objectives jsonb NOT NULL,
        proposed_by uuid NULL,
        proposed_at timestamptz NOT NULL,
        sent_at timestamptz NULL,
        decided_on date NULL,
        decision_reference text NULL,
        PRIMARY KEY (group_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.group_decisions (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES ${s}.groups (id),
        kind text NOT NULL CHECK (kind IN ('extension', 'conclusion')),
        decided_on date NOT NULL,
        reference text NOT NULL,
        until date NULL,
        study_group_input text[] NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        category text NOT NULL,
        study_groups text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX organizations_name ON ${s}.organizations (lower(name))`);
    await queryRunner.query(`
      CREATE TABLE ${s}.group_organizations (
        group_id uuid NOT NULL REFERENCES ${s}.groups (id),
        organization_id uuid NOT NULL REFERENCES ${s}.organizations (id),
        admitted_at timestamptz NOT NULL,
        PRIMARY KEY (group_id, organization_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.participants (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES ${s}.groups (id),
        organization_id uuid NOT NULL REFERENCES ${s}.organizations (id),
        name text NOT NULL,
        email text NOT NULL,
        time_zone text NOT NULL,
        role text NOT NULL CHECK (role IN ('participant', 'co-convenor', 'observer')),
        status text NOT NULL CHECK (status IN ('active', 'suspended', 'left')),
        joined_at timestamptz NOT NULL,
        left_at timestamptz NULL
      )`);
    // One current registration per address and group; a person who left may register again.
    await queryRunner.query(
      `CREATE UNIQUE INDEX participants_email ON ${s}.participants (group_id, lower(email)) WHERE status <> 'left'`,
    );
    await queryRunner.query(`CREATE INDEX participants_group ON ${s}.participants (group_id, id)`);
    await queryRunner.query(`CREATE INDEX participants_organization ON ${s}.participants (organization_id)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.convenor_appointments (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES ${s}.groups (id),
        study_group text NOT NULL,
        participant_id uuid NOT NULL REFERENCES ${s}.participants (id),
        appointed_on date NOT NULL,
        reference text NOT NULL,
        ended_on date NULL,
        replaced_by uuid NULL,
        recorded_at timestamptz NOT NULL
      )`);
    // R2: exactly one current co-convenor per participating study group.
    await queryRunner.query(
      `CREATE UNIQUE INDEX convenor_current ON ${s}.convenor_appointments (group_id, study_group) WHERE ended_on IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.api_keys (
        id uuid PRIMARY KEY,
        label text NOT NULL,
        owner_kind text NOT NULL CHECK (owner_kind IN ('admin', 'integrator', 'participant')),
        integrator text NULL,
        participant_id uuid NULL REFERENCES ${s}.participants (id),
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        CHECK ((owner_kind = 'participant') = (participant_id IS NOT NULL)),
        CHECK ((owner_kind = 'integrator') = (integrator IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of [
      'api_keys',
      'convenor_appointments',
      'participants',
      'group_organizations',
      'organizations',
      'group_decisions',
      'tor_versions',
      'groups',
    ]) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
