import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { consoleDirectory } from './console-files.js';

/**
 * Serves the console's built scripts and styles at `/assets/` (their names carry a content
 * hash, so they are cached for a year). The pages themselves come from ConsolePageController.
 */
export function mountConsoleAssets(app: NestFastifyApplication, directory = consoleDirectory()): void {
  const assets = path.join(directory, 'assets');
  if (!existsSync(assets)) return;
  app.useStaticAssets({
    root: assets,
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
  });
}
