import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_RESULT_VERSION, type ContractResults } from '../contracts/results.ts';
import { generateHarnessKey } from '../reports/sign/keys.ts';
import { sampleRun } from '../reports/test-support.ts';
import { verifyBundle } from '../reports/verify.ts';
import { BUNDLE_FILE, prepareReport, writeReport } from './report-output.ts';
import { UsageError } from './usage-error.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'kdp-report-out-'));

async function keyFile(dir: string): Promise<string> {
  const file = join(dir, 'key.jwk.json');
  writeFileSync(file, JSON.stringify((await generateHarnessKey()).privateJwk));
  return file;
}

const honoured: ContractResults = {
  version: CONTRACT_RESULT_VERSION,
  pact: { consumer: 'bank-core', provider: 'kdp-state-service', file: 'pacts/bank.json' },
  verifiedAt: '2026-04-01T04:20:00.000Z',
  status: 'PASSED',
  interactions: [
    {
      description: 'an SMS consent request',
      providerStates: [],
      status: 'PASSED',
      mismatches: [],
      requirements: ['R7.5'],
    },
  ],
};

describe('run/check report flags (bin/report-output.ts)', () => {
  it.each([
    [{ 'certified-by': 'Айгерім Сапарова' }, /--certified-by NAME and --role ROLE go together/],
    [{ role: 'CISO' }, /go together/],
    [{ 'certified-by': ' ', role: 'CISO' }, /neither empty/],
    [{ 'valid-days': '0' }, /--valid-days must be a whole number/],
    [{ 'valid-days': '1.5' }, /--valid-days/],
    [{ key: undefined, 'key-alg': 'ES256' }, /--key-alg goes with --key FILE/],
    [{ key: '/nonexistent/key.json' }, /--key \/nonexistent\/key\.json: ENOENT/],
    [{ contracts: ['/nonexistent/results.json'] }, /--contracts \/nonexistent\/results\.json: ENOENT/],
  ])('refuses %j before any run, as a usage error', async (flags, message) => {
    const dir = tmp();
    const err = await prepareReport({ key: await keyFile(dir), ...flags }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });

  it('refuses a contracts file that is not what `contracts verify --out` writes, saying where', async () => {
    const dir = tmp();
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify({ ...honoured, status: 'GREEN', interactions: [{ description: 1 }] }));
    await expect(prepareReport({ key: await keyFile(dir), contracts: [file] })).rejects.toThrow(
      /--contracts .*results\.json: .*\/status .*; \/interactions\/0 /,
    );
  });

  it('writes the signed bundle next to results.json, the CI files, the job summary, and says how to verify', async () => {
    const dir = tmp();
    const contracts = join(dir, 'contract-results.json');
    writeFileSync(contracts, JSON.stringify(honoured));
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const plan = await prepareReport({
      key: await keyFile(dir),
      'certified-by': 'Айгерім Сапарова',
      role: 'Head of IT security',
      'valid-days': '30',
      contracts: [contracts],
      junit: join(dir, 'ci/junit.xml'),
      html: join(dir, 'ci/report.html'),
      md: join(dir, 'ci/summary.md'),
    });
    const { result } = sampleRun();
    const written = await writeReport(result, plan, join(dir, 'out'), { GITHUB_STEP_SUMMARY: summary });

    expect(written.bundle).toBe(join(dir, 'out', BUNDLE_FILE));
    const verified = await verifyBundle(readFileSync(written.bundle));
    expect(verified.ok).toBe(true);
    expect(verified.report!.attestation.certifiedBy).toEqual({ name: 'Айгерім Сапарова', role: 'Head of IT security' });
    expect(Date.parse(verified.report!.attestation.expiresAt) - Date.parse(result.endedAt)).toBe(30 * 86_400_000);
    expect(verified.report!.contracts?.summary).toMatchObject({ interactions: 1, passed: 1 });
    expect(written.failed).toBe(false);

    expect(readFileSync(join(dir, 'ci/junit.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuite name="contracts"/);
    expect(readFileSync(join(dir, 'ci/report.html'), 'utf8')).toContain('<section id="contracts">');
    const md = readFileSync(join(dir, 'ci/summary.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## ❌ kdp-conformance: FAILED');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${md}\n`);

    expect(written.lines[0]).toBe(
      `bundle: ${written.bundle} (signed by key ${verified.manifest!.harnessSignature.kid})`,
    );
    expect(written.lines[1]).toMatch(
      /^verdict: FAILED: Bank Test core banking \(BIN \d{12}\), 4 passed, 2 failed, 1 expected failure, 4 other of 11 checks; contracts 1\/1 honoured; certified by Айгерім Сапарова, Head of IT security$/,
    );
    expect(written.lines[2]).toBe(`verify: npx kdp-conformance verify ${written.bundle}`);
    expect(written.lines).toContain('job summary: appended to $GITHUB_STEP_SUMMARY');
  });

  it('fails the run when a contract interaction is not honoured, even when every check passed', async () => {
    const dir = tmp();
    const contracts = join(dir, 'contract-results.json');
    writeFileSync(
      contracts,
      JSON.stringify({
        ...honoured,
        status: 'FAILED',
        interactions: [
          {
            ...honoured.interactions[0],
            status: 'FAILED',
            mismatches: [{ kind: 'status', message: 'expected 200, got 500' }],
          },
        ],
      }),
    );
    const plan = await prepareReport({ key: await keyFile(dir), contracts: [contracts] });
    const written = await writeReport(sampleRun().result, plan, dir, {});
    expect(written.failed).toBe(true);
    expect(written.lines.some((l) => l.startsWith('job summary'))).toBe(false);
  });
});
