/**
 * `kdp-conformance up` in a child process on a free loopback port, for end-to-end suites that need
 * the real thing: signals, a file store, real sockets.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/kdp-conformance.js', import.meta.url));

export interface Up {
  proc: ChildProcessWithoutNullStreams;
  base: string;
  output: () => string;
}

/** Starts `up` on a free port and resolves once it prints its ready line. */
export function up(
  db: string,
  running: ChildProcessWithoutNullStreams[] = [],
  extra: { args?: string[]; env?: Record<string, string>; bin?: string } = {},
): Promise<Up> {
  const proc = spawn(
    process.execPath,
    [extra.bin ?? BIN, 'up', '--port', '0', '--db', db, '--seed', '236', ...(extra.args ?? [])],
    {
      env: { ...process.env, KDP_PORT: '', KDP_DB: '', ...extra.env },
    },
  );
  running.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`up did not get ready:\n${out}`)), 30_000);
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /kdp-conformance ready at (http:\/\/\S+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ proc, base: ready[1]!, output: () => out });
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`up exited (${code}) before it was ready:\n${out}`));
    });
  });
}

export function exited(
  proc: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}
