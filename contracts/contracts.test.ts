import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from './catalogue.ts';
import { generatePact } from './consumer.ts';
import { verifyPactIsolated } from './isolated.ts';
import type { ContractResults } from './results.ts';

/**
 * `npm test` generates the harness's pact (the consumer side, against Pact's mock server) and
 * verifies the mock environment against it (the provider side): when the mock's behaviour and the
 * contracts drift apart, the verification fails here, interaction by interaction.
 */
let dir: string;
let pact: { interactions: { description: string; request: { matchingRules?: { body?: Record<string, unknown> } } }[] };
let result: ContractResults;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdp-contracts-'));
  const json = await generatePact();
  pact = JSON.parse(json) as typeof pact;
  await writeFile(join(dir, 'pact.json'), json);
  result = await verifyPactIsolated(join(dir, 'pact.json'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the harness pact, generated and verified against the mock environment', () => {
  it('T-SHEP-1 holds one interaction per catalogue entry, each with namespace-URI matching rules', () => {
    expect(pact.interactions.map((i) => i.description).sort()).toEqual(
      interactions()
        .map((i) => i.description)
        .sort(),
    );
    for (const i of pact.interactions) {
      const paths = Object.keys(i.request.matchingRules?.body ?? {});
      expect(
        paths.some((p) => p.startsWith("$['http://schemas.xmlsoap.org/soap/envelope/:Envelope']")),
        i.description,
      ).toBe(true);
    }
  });

  it('T-SHEP-1 T-KDP-16 the mock environment honours every interaction: each way, each outcome, the data services, revocation, the faults', () => {
    const failed = result.interactions.filter((i) => i.status !== 'PASSED');
    expect(failed.map((i) => `${i.description}: ${i.mismatches.map((m) => m.message).join('; ')}`)).toEqual([]);
    expect(result.status).toBe('PASSED');
    expect(result.interactions).toHaveLength(interactions().length);
  });

  it('R7.0 each interaction carries the requirements it exercises and the SHEP outcome it got', () => {
    const byName = new Map(result.interactions.map((i) => [i.description, i]));
    expect(byName.get('a consent way not approved for the organisation is refused with KDP-113')).toMatchObject({
      outcome: 'KDP-113',
      requirements: expect.arrayContaining(['R7.0', 'T-KDP-2']),
    });
    expect(byName.get('KDP_SERVICE by own means: approved at once against the security token')).toMatchObject({
      outcome: 'SCSS001',
      requirements: expect.arrayContaining(['R7.2', 'R2.8']),
    });
    // Ids and tokens the environment minted replaced the recorded ones, and the result says so.
    expect(byName.get('GBDFLUniversal_token releases the person record against the access token')?.substituted).toBe(2);
  });
});
