/*
 * Loaded into each service by `npm run bench -- --cpu-prof` (NODE_OPTIONS=--require): the first
 * SIGUSR2 starts sampling the CPU (once every service is up: start-up is not what is measured),
 * the second writes a `.cpuprofile` (Chrome DevTools' format) into BENCH_PROFILE_DIR, before the
 * bench kills the services. Node's own `--cpu-prof` writes only on a clean exit, which a killed
 * service never reaches.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME ?? `pid-${process.pid}`;
if (dir) {
  const session = new Session();
  session.connect();
  let started = false;
  process.on('SIGUSR2', () => {
    if (!started) {
      started = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        // Written under another name, then renamed: the bench waits for the file, and must never
        // read (or kill the service in the middle of) a half-written one.
        const file = path.join(dir, `${name}.cpuprofile`);
        writeFileSync(`${file}.part`, JSON.stringify(result.profile));
        renameSync(`${file}.part`, file);
      }
      process.stderr.write(`cpu profile ${error ? `failed: ${error.message}` : 'written'}\n`);
    });
  });
}
