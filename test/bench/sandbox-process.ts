import { spawn } from 'node:child_process';
import { projectRoot } from '../helpers/cli';

/** The DHIS2 sandbox in its own process, so a benchmark measures the app's memory and CPU alone. `args`: more
 *  CLI flags (the link: --latency-ms, --bandwidth-kbit, --gzip). */
export function startSandboxProcess(enrollments: number, args: string[] = []): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts', '--port', '0', '--enrollments', String(enrollments), ...args], { cwd: projectRoot });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
}
