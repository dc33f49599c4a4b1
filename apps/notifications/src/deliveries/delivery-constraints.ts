import type { QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

const list = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(', ');

/**
 * For the migrations that add a kind of message: the deliveries' kind check as a whole list (each
 * migration states the list of its time, so it stays what it was when it ran).
 */
export async function setDeliveryKinds(queryRunner: QueryRunner, kinds: readonly string[]): Promise<void> {
  const s = schemaOf(queryRunner);
  await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
  await queryRunner.query(
    `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (${list(kinds)}))`,
  );
}

/**
 * Every message is about a meeting or an obligation, except those of `subjectless` kinds (about
 * neither: a webhook endpoint's notice, a sign-in link).
 */
export async function setSubjectlessKinds(queryRunner: QueryRunner, subjectless: readonly string[]): Promise<void> {
  const s = schemaOf(queryRunner);
  const aboutOne = '(meeting_id IS NULL) <> (obligation_id IS NULL)';
  await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_subject_check`);
  await queryRunner.query(
    `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_subject_check CHECK (${
      subjectless.length === 0
        ? aboutOne
        : `CASE WHEN kind IN (${list(subjectless)}) THEN meeting_id IS NULL AND obligation_id IS NULL ELSE ${aboutOne} END`
    })`,
  );
}
