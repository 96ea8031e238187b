/**
 * The command line as a newcomer meets it (issue 12, paper cuts): --version, clear refusals of bad
 * ports, of a --db whose directory is missing and of a bad --profile, all before anything starts;
 * and `up` serving each SHEP environment at the bare real path on ports of their own, saying on
 * stop that an in-memory store keeps nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseShepReply } from '../protocol/shep/envelope.ts';

const BIN = fileURLToPath(new URL('../bin/kdp-conformance.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kdp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, KDP_PORT: '', KDP_DB: '', KDP_PROFILE: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// Each case starts a Node process: generous limits, for a loaded two-core machine.
describe('kdp-conformance command line (issue 12 paper cuts)', { timeout: 120_000 }, () => {
  it('--version names the package and the profile version; up --help lists the new options', () => {
    const v = cli(['--version']);
    expect(v.status).toBe(0);
    expect(v.out).toMatch(/^kdp-conformance \d+\.\d+\.\d+ \(profile \d+\.\d+\.\d+\)\n$/);
    expect(cli(['up', '--help']).out).toContain('--test-port');
  });

  it('refuses bad ports in its own words, naming the option or the variable', () => {
    expect(cli(['up', '--port', '-1'])).toMatchObject({
      status: 2,
      err: expect.stringContaining('--port must be an integer 0–65535, not "-1"'),
    });
    expect(cli(['up'], { KDP_PORT: 'abc' })).toMatchObject({
      status: 2,
      err: expect.stringContaining('$KDP_PORT must be an integer 0–65535, not "abc"'),
    });
    expect(cli(['up', '--test-port', '8300', '--prod-port', '8300'])).toMatchObject({
      status: 2,
      err: expect.stringContaining('different ports'),
    });
  });

  it('refuses a --memory-ring that names no bounded collection, listing those that are', () => {
    const r = cli(['up', '--db', ':memory:', '--memory-ring', 'kdp.histroy=10']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--memory-ring kdp\.histroy: not a collection with a ring \(kdp\.history, /);
    expect(cli(['up', '--memory-ring', 'kdp.history']).err).toContain('--memory-ring takes <collection>=<N>');
  });

  it('refuses a --db whose directory does not exist instead of creating it', () => {
    const r = cli(['up', '--db', join(dir, 'no', 'such', 'env.db')]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/the directory .*no\/such does not exist/);
  });

  it('refuses a bad --profile with the path of the bad value', () => {
    const file = join(dir, 'bad-profile.json');
    writeFileSync(file, JSON.stringify({ kdp: { ovt: { maxLifetimeSec: 'long' } } }));
    const r = cli(['up', '--db', ':memory:', '--profile', file]);
    expect(r.status).toBe(2);
    expect(r.err).toContain('/kdp/ovt/maxLifetimeSec must be integer');
  });

  it('serves the bare /bip-sync-wss-gost/ on --test-port and --prod-port; stopping an in-memory store says nothing is kept', async () => {
    const proc = spawn(
      process.execPath,
      [BIN, 'up', '--port', '0', '--test-port', '0', '--prod-port', '0', '--db', ':memory:'],
      {
        env: { ...process.env, KDP_PORT: '', KDP_DB: '', KDP_PROFILE: '' },
      },
    );
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 90_000);
        proc.stdout.on('data', () => {
          if (out.includes('kdp-conformance ready at')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', () => reject(new Error(`exited:\n${out}`)));
      });
      const testUrl = /SHEP test at real path\s+(\S+)/.exec(out)?.[1];
      const prodUrl = /SHEP prod at real path\s+(\S+)/.exec(out)?.[1];
      expect(testUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bip-sync-wss-gost\/$/);
      expect(prodUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bip-sync-wss-gost\/$/);
      const wsdl = await (await fetch(`${prodUrl}?wsdl`)).text();
      expect(wsdl).toContain(`location="${prodUrl}"`);
      const unknown = await fetch(`${testUrl}nothing-here`, { method: 'POST' });
      expect(parseShepReply(await unknown.text())).toMatchObject({ errorInfo: { errorCode: 'ETRN004' } });
      expect(out).toContain('dates in +05:00');
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
      expect(out).toContain('the store was in memory, so nothing of this run is kept');
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  });
});
