import { fork } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../system';

export type BaselineKind = 'reads' | 'writes';

/**
 * Starts a baseline server in a process of its own, like each service (the load generator runs
 * in the bench's process: sharing it would slow the baseline down and flatter the ratio).
 */
export async function startBaseline(
  kind: BaselineKind,
  databaseUrl: string,
  template = '',
): Promise<{ url: string; close(): Promise<void> }> {
  const child = fork(path.join(__dirname, 'baseline.main.js'), [kind, databaseUrl, template], {
    execArgv: ['-r', path.join(ROOT, 'dist/tools/runtime/register-paths.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url?: string }) =>
      message.url ? resolve(message.url) : reject(new Error('the baseline did not start')),
    );
    child.once('exit', (code) => reject(new Error(`the ${kind} baseline exited (${code})`)));
  });
  return {
    url,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
