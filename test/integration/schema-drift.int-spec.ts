import { DataSource } from 'typeorm';
import { SERVICE_NAMES } from '@jcg/contracts';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { TestSystem } from '../support/test-system';

/**
 * The drift gate: after a service's migrations ran, TypeORM would generate nothing from its
 * entities. A column, type, nullability or index changed on an entity without a migration (or
 * the other way round) fails here, in CI, instead of in production.
 */
describe('entities and migrations agree', () => {
  let env: TestEnvironment;
  let system: TestSystem;

  beforeAll(async () => {
    env = await createTestEnvironment('drift');
    system = new TestSystem(env);
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  it.each(SERVICE_NAMES)('%s: generating a migration from the entities produces nothing', async (service) => {
    const app = await system.start(service);
    try {
      const sql = await app.get(DataSource).driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await system.stop(app);
    }
  });
});
