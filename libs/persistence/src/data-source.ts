import { DataSource, type EntitySchema, type MigrationInterface, type QueryRunner } from 'typeorm';

// TypeORM takes classes (constructors) for entities and migrations.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityTarget = Function | EntitySchema;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  databaseUrl: string;
  /** The service's own schema: every table of the service lives there. */
  schema: string;
  entities: EntityTarget[];
  migrations: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** A TypeORM data source bound to one service schema, in UTC, never synchronized from entities. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`Invalid schema name "${options.schema}"`);
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Query errors reach the logs through the job or request that failed, as JSON.
    logging: false,
    applicationName: options.applicationName ?? options.schema,
    poolSize: options.poolSize ?? 10,
    // Every session in UTC: timestamptz values are read and written as instants.
    extra: { options: '-c TimeZone=UTC', connectionTimeoutMillis: 5000 },
  });
}

/** The schema a migration runs in, so that migrations never depend on search_path. */
export function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema || !SCHEMA_NAME.test(schema)) throw new Error('Migrations need a data source with a service schema');
  return `"${schema}"`;
}

/**
 * Creates the schema if needed and runs pending migrations, under an advisory lock so that
 * replicas starting together never run the same migration twice. Needs a pool of two connections
 * or more: one holds the lock while the migrations run on another.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('migrate() needs a data source with a schema');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
