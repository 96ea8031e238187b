import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ContractResults } from './results.ts';
import { CONTRACT_RESULT_VERSION } from './results.ts';
import { checkPact, PactRefused } from './verify.ts';

/**
 * Verifies a pact in a child process, so that the Pact core's own report (printed by native code
 * straight to file descriptor 1) never reaches the caller's output. A refused pact (plugins, not a
 * pact) is answered without starting anything.
 */
export async function verifyPactIsolated(file: string, options: { seed?: number } = {}): Promise<ContractResults> {
  try {
    checkPact(await readFile(file, 'utf8'));
  } catch (err) {
    if (err instanceof PactRefused) return refused(file, err.message);
    throw err;
  }
  const ts = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(ts ? './verify-child.ts' : './verify-child.js', import.meta.url));
  const proc = fork(child, [file, ...(options.seed !== undefined ? [String(options.seed)] : [])], {
    execArgv: [
      ...process.execArgv.filter((a) => a.startsWith('--experimental')),
      ...(ts ? ['--import', import.meta.resolve('tsx')] : []),
    ],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
  });
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 20_000) stderr += c.toString('utf8');
  });
  const message = await new Promise<unknown>((resolve, reject) => {
    let got: unknown;
    proc.on('message', (m) => (got = m));
    proc.on('error', reject);
    proc.on('exit', (code) =>
      got !== undefined
        ? resolve(got)
        : reject(new Error(`the verifier process ended (${code}) without a result: ${stderr.trim().slice(-2000)}`)),
    );
  });
  const m = message as { ok: boolean; result?: ContractResults; refused?: boolean; message?: string };
  if (m.ok && m.result) return m.result;
  if (m.refused) return refused(file, m.message ?? '');
  throw new Error(m.message ?? 'the verifier failed');
}

function refused(file: string, why: string): ContractResults {
  return {
    version: CONTRACT_RESULT_VERSION,
    pact: { consumer: '?', provider: '?', file },
    verifiedAt: new Date().toISOString(),
    status: 'REFUSED',
    refused: why,
    interactions: [],
  };
}
