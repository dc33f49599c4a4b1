import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@jcg/persistence';

/** Reminders to the co-convenors are deliveries too. */
export class AllowReminderDeliveries1764300900000 implements MigrationInterface {
  name = 'AllowReminderDeliveries1764300900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('announcement', 'invite', 'update', 'cancellation', 'reminder'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('announcement', 'invite', 'update', 'cancellation'))`,
    );
  }
}

/** A revised draft agenda goes to the list as a delivery of its own. */
export class AllowAgendaRevisionDeliveries1764301200000 implements MigrationInterface {
  name = 'AllowAgendaRevisionDeliveries1764301200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('announcement', 'invite', 'update', 'cancellation', 'reminder', 'agenda-revision'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_kind_check`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('announcement', 'invite', 'update', 'cancellation', 'reminder'))`,
    );
  }
}
