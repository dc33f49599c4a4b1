/*
 * Makes the compiled apps find the compiled libraries: `@jcg/<lib>` resolves to
 * dist/libs/<lib>/src/index.js. Loaded with `node -r` before an app's main.
 */
import path from 'node:path';
import { register } from 'tsconfig-paths';

register({
  baseUrl: path.resolve(__dirname, '..', '..'),
  paths: { '@jcg/*': ['libs/*/src/index.js'] },
  addMatchAll: false,
});
