/*
 * `npm run create-admin-key [label]`: creates an administrator's API key and prints it once.
 * Only the hash of its secret is stored. Needs the database only (not the running services):
 * it runs the membership migrations first, as the service would.
 */
import 'reflect-metadata';
import { v7 as uuidv7 } from 'uuid';
import { generateApiKey } from '@jcg/contracts';
import { MessagingTables1764300000000 } from '@jcg/messaging';
import { SystemClock, createServiceDataSource, migrate } from '@jcg/persistence';
import { loadConfig, redactUrl } from '@jcg/platform';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { MEMBERSHIP_ENTITIES, MEMBERSHIP_MIGRATIONS } from '../membership.module.js';

async function main(): Promise<void> {
  const config = loadConfig('membership');
  const label =
    process.argv.slice(2).join(' ').trim() || `administrator (created ${new Date().toISOString().slice(0, 10)})`;
  const dataSource = createServiceDataSource({
    databaseUrl: config.databaseUrl,
    schema: 'membership',
    entities: MEMBERSHIP_ENTITIES,
    migrations: [MessagingTables1764300000000, ...MEMBERSHIP_MIGRATIONS],
    poolSize: 2, // migrate() holds one connection for its lock while the migrations use another
  });
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    const made = generateApiKey(uuidv7());
    const stored = await new ApiKeysService(dataSource, new SystemClock()).create({
      id: made.id,
      secretHash: made.secretHash,
      label: label.slice(0, 100),
      owner: { kind: 'admin' },
    });
    process.stdout.write(
      [
        `Created the administrator key "${stored.label}" (id ${stored.id}) in ${redactUrl(config.databaseUrl)}.`,
        'It is shown this once; only its hash is stored. Use it as: Authorization: Bearer <key>',
        '',
        made.key,
        '',
      ].join('\n'),
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-admin-key failed: ${(error as Error).message}\n`);
  process.exit(1);
});
