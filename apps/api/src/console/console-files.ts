import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the built console is: `dist/console` beside the compiled apps (`npm run build` writes
 * it with Vite), or CONSOLE_DIR. Found from this file, so it works from any working directory.
 */
export function consoleDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONSOLE_DIR) return path.resolve(env.CONSOLE_DIR);
  // dist/apps/api/src/console (compiled) or apps/api/src/console (tests): up to the root's dist.
  const root = path.resolve(
    __dirname,
    __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../..' : '../../../..',
  );
  return path.join(root, 'dist', 'console');
}

/** The console's index.html, or null when the console was not built (the API works without it). */
export function consoleIndex(directory: string): string | null {
  const file = path.join(directory, 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
