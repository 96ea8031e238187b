import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildReport } from '../../reports/build.ts';
import { makeBundle, zipFiles } from '../../reports/bundle.ts';
import { generateHarnessKey, jwksOf } from '../../reports/sign/keys.ts';
import { sampleRun, TEST_CATALOGUE } from '../../reports/test-support.ts';
import { UsageError } from '../usage-error.ts';
import { verifyCommand } from './verify.ts';

const CLI = fileURLToPath(new URL('../kdp-conformance.js', import.meta.url));
const run = async (...args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'verify', ...args]);
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

/** The command without a process: for the cases whose exit code path is already proven by a spawn. */
async function inProcess(...args: string[]) {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    const code = await verifyCommand.run(args);
    return { code, stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('kdp-conformance verify BUNDLE [--key JWKS]', () => {
  let dir: string;
  type Ran = Awaited<ReturnType<typeof run>>;
  let okRun: Ran, tamperedRun: Ran, missingRun: Ran;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kdp-verify-'));
    const { key } = await generateHarnessKey();
    const report = buildReport(sampleRun().result, { catalogue: TEST_CATALOGUE });
    const { bytes } = await makeBundle(report, key);
    await writeFile(join(dir, 'ok.zip'), bytes);
    const files = unzipSync(bytes);
    const html = files['report.html']!.slice();
    html[100] = html[100]! ^ 1;
    await writeFile(join(dir, 'tampered.zip'), zipFiles({ ...files, 'report.html': html }));
    await writeFile(join(dir, 'key.jwks'), JSON.stringify(jwksOf(key)));
    await writeFile(join(dir, 'other.jwks'), JSON.stringify(jwksOf((await generateHarnessKey()).key)));
    // One process per exit code, started together: each start of the CLI costs seconds on CI.
    [okRun, tamperedRun, missingRun] = await Promise.all([
      run(join(dir, 'ok.zip'), '--key', join(dir, 'key.jwks')),
      run(join(dir, 'tampered.zip')),
      run(join(dir, 'nope.zip')),
    ]);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('R11 prints VERIFIED on the first line and exits 0 for an intact bundle with its pinned key', async () => {
    const r = okRun;
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^VERIFIED: .*\(pinned\)$/);
    expect(r.stdout).toMatch(/ok {3}digest report\.html: sha256 [0-9a-f]{64}/);
  });

  it('R11 prints REFUSED and exits 1 for a tampered bundle or a key that is not the pinned one', async () => {
    const tampered = tamperedRun;
    expect(tampered.code).toBe(1);
    expect(tampered.stdout.split('\n')[0]).toMatch(/^REFUSED: digest report\.html/);
    const other = await inProcess(join(dir, 'ok.zip'), '--key', join(dir, 'other.jwks'));
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^REFUSED: signature/);
  });

  it('exits 2 for a mistake in the call or a file it cannot read', async () => {
    const missing = missingRun;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.zip: ENOENT/);
    await expect(inProcess()).rejects.toThrow(UsageError);
    await expect(inProcess(join(dir, 'ok.zip'), '--key', join(dir, 'ok.zip'))).rejects.toThrow(/--key .*ok\.zip/);
  });
});
