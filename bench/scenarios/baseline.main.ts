/* A baseline server in its own process (see baseline-process.ts): argv kind, database URL, template. */
import { startBaselineReads } from './baseline-reads';
import { startBaselineWrites } from './baseline-writes';

const [kind, databaseUrl, template] = process.argv.slice(2);
const started = kind === 'writes' ? startBaselineWrites(databaseUrl, template) : startBaselineReads(databaseUrl);
started.then(
  ({ url }) => process.send?.({ url }),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
