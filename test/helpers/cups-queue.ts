import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

// A real CUPS print queue whose "printer" is cups-pdf: what a job comes out as, as a PDF, after CUPS has
// applied its page size and scaling options (where true size is lost if anywhere). Set up when CUPS and
// cups-pdf are installed (.ci/run installs them); otherwise `unavailable` says what is missing.

export const queueName = 'OomusTestCards';
const ppd = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

const run = (cmd: string, args: string[]): { ok: boolean; out: string } => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface CupsQueue {
  /** Sends a PDF with CUPS options; resolves with the PDF cups-pdf wrote for that job. */
  print(file: string, title: string, options: string[]): Promise<Buffer>;
}

/** The queue, or the reason there is none on this machine. */
export async function cupsQueue(): Promise<CupsQueue | { unavailable: string }> {
  for (const tool of ['lp', 'lpstat', 'lpadmin']) {
    if (!run('which', [tool]).ok) return { unavailable: `CUPS is not installed (${tool} missing): sudo apt-get install cups printer-driver-cups-pdf` };
  }
  if (!existsSync(ppd)) return { unavailable: `cups-pdf is not installed (${ppd} missing): sudo apt-get install printer-driver-cups-pdf` };
  if (!/scheduler is running/.test(run('lpstat', ['-r']).out)) {
    // A container has no init to start it; as root the test starts it (it goes to the background itself).
    if (process.getuid?.() !== 0) return { unavailable: 'the CUPS scheduler is not running (sudo service cups start)' };
    run('cupsd', []);
    for (let i = 0; i < 50 && !/scheduler is running/.test(run('lpstat', ['-r']).out); i++) await sleep(200);
    if (!/scheduler is running/.test(run('lpstat', ['-r']).out)) return { unavailable: 'cupsd did not start' };
  }
  if (!run('lpstat', ['-p', queueName]).ok) {
    const made = run('lpadmin', ['-p', queueName, '-E', '-v', 'cups-pdf:/', '-P', ppd]);
    if (!run('lpstat', ['-p', queueName]).ok) return { unavailable: `the queue ${queueName} could not be made: ${made.out.trim()}` };
  }
  const outDirs = outputDirs();
  return {
    async print(file, title, options) {
      const sent = run('lp', ['-d', queueName, '-t', title, ...options.flatMap((o) => ['-o', o]), file]);
      const id = /request id is \S+-(\d+)/.exec(sent.out)?.[1];
      if (!sent.ok || !id) throw new Error(`lp refused the job: ${sent.out}`);
      const name = new RegExp(`job_${id}\\.pdf$`);
      for (let i = 0; i < 300; i++) {
        for (const dir of outDirs) {
          const hit = existsSync(dir) ? readdirSync(dir).find((f) => name.test(f)) : undefined;
          // cups-pdf writes the file, then closes it: wait until its size holds.
          if (hit) {
            const path = join(dir, hit);
            const size = readFileSync(path).length;
            await sleep(300);
            if (size > 0 && readFileSync(path).length === size) return readFileSync(path);
          }
        }
        await sleep(200);
      }
      throw new Error(`job ${id} left no PDF in ${outDirs.join(', ')}: ${run('lpstat', ['-W', 'all', '-o', queueName]).out}`);
    },
  };
}

/** Where cups-pdf writes (its `Out`, ${HOME} being the submitting user's home from the user database). */
function outputDirs(): string[] {
  const conf = existsSync('/etc/cups/cups-pdf.conf') ? readFileSync('/etc/cups/cups-pdf.conf', 'utf8') : '';
  const out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? '${HOME}/PDF';
  const user = userInfo();
  const home = run('getent', ['passwd', user.username]).out.split(':')[5] ?? user.homedir;
  return [...new Set([out.replace('${HOME}', home.trim()), out.replace('${HOME}', user.homedir), join('/var/spool/cups-pdf', 'ANONYMOUS'), join('/var/spool/cups-pdf', user.username)])];
}
