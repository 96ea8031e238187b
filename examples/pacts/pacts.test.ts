import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPactIsolated } from '../../contracts/isolated.ts';
import { parseContractResults } from '../../contracts/results-schema.ts';
import type { ContractResults } from '../../contracts/results.ts';
import { generateExamplePacts } from './generate.ts';

const file = (name: string) => fileURLToPath(new URL(`./${name}.json`, import.meta.url));
const withoutMetadata = (json: string) => ({ ...(JSON.parse(json) as object), metadata: undefined });

let correct: ContractResults;
let wrong: ContractResults;
beforeAll(async () => {
  [correct, wrong] = await Promise.all([verifyPactIsolated(file('correct')), verifyPactIsolated(file('wrong'))]);
}, 60_000);

describe('example integrator pacts (examples/pacts/)', () => {
  it('T-SHEP-1 are generated, not edited: regenerating gives the committed files', async () => {
    const fresh = await generateExamplePacts();
    for (const name of ['correct', 'wrong', 'plugin'] as const)
      expect(withoutMetadata(fresh[name]), `${name}.json: run npx tsx examples/pacts/generate.ts`).toEqual(
        withoutMetadata(await readFile(file(name), 'utf8')),
      );
  }, 30_000);

  it('R7.5 R3 R7.2 the correct pact passes, its own-means interaction in replay mode and said so', () => {
    expect(correct.status).toBe('PASSED');
    expect(correct.interactions.every((i) => i.status === 'PASSED')).toBe(true);
    const replayed = correct.interactions.filter((i) => i.replay);
    expect(replayed.map((i) => i.description)).toEqual([
      'own means with the security token signed when the pact was recorded (replay mode)',
    ]);
    expect(replayed[0]!.replay!.note).toMatch(/replay mode/);
  });

  it('R2.8 R3 T-KDP-1 the wrong pact fails interaction by interaction, each with its reason', () => {
    expect(wrong.status).toBe('FAILED');
    const by = new Map(wrong.interactions.map((i) => [i.description, i]));
    expect(wrong.interactions.every((i) => i.status === 'FAILED')).toBe(true);
    const approvedAtOnce = by.get('expects a new SMS request to be approved at once')!;
    expect(approvedAtOnce.mismatches).toContainEqual(
      expect.objectContaining({
        kind: 'body',
        path: expect.stringMatching(/data\.status\['#text'\]$/),
        expected: 'APPROVED',
        actual: 'PENDING',
      }),
    );
    expect(by.get('relies on a provider state the environment does not know')!.mismatches).toContainEqual(
      expect.objectContaining({
        kind: 'provider-state',
        message: expect.stringMatching(/unknown provider state "the subject has already consented"/),
      }),
    );
    expect(by.get('expects a success for an IIN with a wrong check digit')).toMatchObject({
      outcome: 'KDP-102',
      requirements: expect.arrayContaining(['T-KDP-1']),
      mismatches: expect.arrayContaining([expect.objectContaining({ kind: 'status' })]),
    });
    expect(by.get('replays an own-means security token that has expired, without replay mode')).toMatchObject({
      outcome: 'KDP-202',
      requirements: expect.arrayContaining(['R2.8', 'T-KDP-8']),
    });
    expect(by.get('calls the data service with a token the state service never issued')).toMatchObject({
      outcome: 'KDP-401',
      requirements: expect.arrayContaining(['R3', 'T-KDP-9']),
    });
  });

  it('T-SHEP-1 the plugin pact is refused before anything runs, and the command says why, its output clean', async () => {
    const refused = await verifyPactIsolated(file('plugin'));
    expect(refused).toMatchObject({ status: 'REFUSED', interactions: [] });
    expect(refused.refused).toMatch(/plugins \(soap 0\.1\.0\).*download and run plugin binaries/);
    const cli = fileURLToPath(new URL('../../bin/kdp-conformance.js', import.meta.url));
    const run = await promisify(execFile)(process.execPath, [
      cli,
      'contracts',
      'verify',
      '--pact',
      file('plugin'),
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Refused: the pact declares Pact plugins/);
  });

  it('T-SHEP-1 the results, as `contracts verify --out` writes them, are what `run --contracts FILE` reads', () => {
    for (const r of [correct, wrong]) expect(parseContractResults(JSON.parse(JSON.stringify(r)))).toEqual(r);
    const { interactions: _i, ...noInteractions } = wrong;
    expect(() => parseContractResults(noInteractions)).toThrow(/must have required property 'interactions'/);
  });
});
