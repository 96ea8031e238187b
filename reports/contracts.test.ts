import { strToU8, unzipSync } from 'fflate';
import { parse } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_RESULT_VERSION, type ContractResults } from '../contracts/results.ts';
import { buildReport } from './build.ts';
import { makeBundle, zipFiles } from './bundle.ts';
import { renderHtml } from './render/html.ts';
import { renderJUnit } from './render/junit.ts';
import { renderMarkdown } from './render/markdown.ts';
import { validateReport } from './schema.ts';
import { generateHarnessKey } from './sign/keys.ts';
import { passingRun, req, sampleRun, ORG_BIN, TEST_CATALOGUE } from './test-support.ts';
import { catalogueOf } from './catalogue.ts';
import { verifyBundle } from './verify.ts';

const NOW = () => new Date('2026-04-01T04:30:00Z');
const sample = sampleRun();
const [a, b] = sample.people as [(typeof sample.people)[0], (typeof sample.people)[0]];
// The sample's catalogue, and T-KDP-1 that binds the platform only: it must not be named.
const CATALOGUE = catalogueOf([...TEST_CATALOGUE.all(), req('T-KDP-1', ['platform'])]);

/** What `contracts verify --out` writes for an integrator's pact, with personal data in it. */
function pactResults(): ContractResults {
  return {
    version: CONTRACT_RESULT_VERSION,
    pact: {
      consumer: 'bank-core',
      provider: 'kdp-state-service',
      file: '/home/aigerim/work/pacts/bank-core-kdp.json',
      specification: '4.0',
    },
    verifiedAt: '2026-04-01T04:20:00.000Z',
    status: 'FAILED',
    interactions: [
      {
        description: 'an SMS consent request',
        providerStates: [{ name: 'a subject with a phone', params: { iin: a.iin, lastName: a.lastName } }],
        status: 'PASSED',
        mismatches: [],
        requirements: ['T-SHEP-1', 'T-KDP-1', 'R7.5'],
        outcome: 'SCSS001',
      },
      {
        description: `own means for ${b.iin}`,
        providerStates: [{ name: 'own means is approved' }],
        status: 'FAILED',
        mismatches: [
          {
            kind: 'body',
            path: "$.Envelope.Body.SendMessageResponse.response.responseData.data.status['#text']",
            expected: 'APPROVED',
            actual: `DECLINED for ${b.iin}, phone ${b.phone}`,
            message: `Expected 'APPROVED' but received 'DECLINED' (subject ${b.iin})`,
          },
        ],
        requirements: ['T-SHEP-1', 'R2.8', 'R7.2'],
        outcome: 'KDP-202',
        outcomeMessage: 'the security token has expired',
        replay: { at: '2026-03-01T10:00:00.000Z', note: 'replay mode: the clock read the recorded instant' },
      },
      {
        description: 'the subject revokes a consent',
        providerStates: [],
        status: 'PASSED',
        mismatches: [],
        requirements: ['T-SHEP-1', 'T-KDP-1'],
      },
    ],
  };
}

const refusedPact: ContractResults = {
  version: CONTRACT_RESULT_VERSION,
  pact: { consumer: 'bank-core', provider: 'kdp-plugin' },
  verifiedAt: '2026-04-01T04:21:00.000Z',
  status: 'REFUSED',
  refused: 'the pact declares plugins (soap 0.1.0): the verifier would download and run plugin binaries',
  interactions: [],
};

const report = buildReport(sample.result, {
  catalogue: CATALOGUE,
  now: NOW,
  contracts: [pactResults(), refusedPact],
});
const section = report.contracts!;

describe('R11 T-KDP-8 the contract section of the report (version 2)', () => {
  it('groups each interaction under the integrator-binding requirements it exercises, the rest unmapped', () => {
    expect(section.requirements.map((r) => [r.id, r.status, r.interactions])).toEqual([
      ['R2.8', 'FAILED', ['bank-core→kdp-state-service#2']],
      ['R7.2', 'FAILED', ['bank-core→kdp-state-service#2']],
      ['R7.5', 'PASSED', ['bank-core→kdp-state-service#1']],
    ]);
    expect(section.unmapped).toEqual(['bank-core→kdp-state-service#3']);
    expect(section.requirements[2]!.title).toEqual({
      kk: 'R7.5 талабы',
      ru: 'Требование R7.5',
      en: 'Requirement R7.5',
    });
    expect(section.summary).toEqual({ pacts: 2, interactions: 3, passed: 2, failed: 1, refused: 1 });
    expect(section.status).toBe('FAILED');
    // Platform-only requirements are not named, as in the rest of the report.
    expect(JSON.stringify(section)).not.toMatch(/T-SHEP-1|T-KDP-1/);
  });

  it('masks personal data as evidence is masked, and keeps only the pact file name', () => {
    const text = JSON.stringify(section);
    for (const p of [a, b]) {
      expect(text).not.toContain(p.iin);
      expect(text).not.toContain(p.phone.slice(2));
    }
    expect(text).not.toContain(a.lastName);
    expect(text).toContain('[iin]');
    expect(section.pacts[0]!.file).toBe('bank-core-kdp.json');
    expect(section.pacts[0]!.interactions[1]!.replay?.at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('weighs in the verdict: a contract not honoured fails a run that passed; a refused pact leaves it incomplete', () => {
    const passing = passingRun(ORG_BIN, sample.messageId);
    const base = { catalogue: CATALOGUE, now: NOW };
    expect(buildReport(passing, base).verdict).toBe('PASSED');
    expect(buildReport(passing, { ...base, contracts: [pactResults()] }).verdict).toBe('FAILED');
    expect(buildReport(passing, { ...base, contracts: [refusedPact] }).verdict).toBe('INCOMPLETE');
    const honoured = pactResults();
    honoured.status = 'PASSED';
    honoured.interactions = honoured.interactions.map((i) => ({ ...i, status: 'PASSED', mismatches: [] }));
    expect(buildReport(passing, { ...base, contracts: [honoured] }).verdict).toBe('PASSED');
    expect(buildReport(passing, base).contracts).toBeUndefined();
  });

  it('numbers apart the interactions of two pacts with the same names', () => {
    const twice = buildReport(sample.result, {
      catalogue: CATALOGUE,
      now: NOW,
      contracts: [pactResults(), pactResults()],
    });
    const ids = twice.contracts!.pacts.flatMap((p) => p.interactions.map((i) => i.id));
    expect(new Set(ids).size).toBe(6);
    expect(ids[3]).toBe('bank-core→kdp-state-service#1.2');
  });

  it('is valid against the schema, which refuses a broken section', () => {
    expect(validateReport(report).valid).toBe(true);
    const broken = structuredClone(report);
    (broken.contracts!.pacts[0]!.interactions[0] as { status: string }).status = 'MAYBE';
    delete (broken.contracts!.summary as Partial<typeof section.summary>).failed;
    const r = validateReport(broken);
    expect(r.valid).toBe(false);
    if (!r.valid)
      expect(r.errors.join('\n')).toMatch(/\/contracts\/summary[\s\S]*\/contracts\/pacts\/0\/interactions\/0\/status/);
  });
});

describe('renderers show the contract section', () => {
  it('JUnit: a testsuite "contracts", a testcase per interaction, a refused pact as an error', async () => {
    const parsed = (await parse(renderJUnit(report))) as {
      tests?: number;
      failures?: number;
      errors?: number;
      testsuite?: {
        name?: string;
        tests?: number;
        testcase?: {
          classname?: string;
          name?: string;
          failure?: { message?: string; inner?: string }[];
          error?: { message?: string }[];
        }[];
      }[];
    };
    const suite = parsed.testsuite!.find((s) => s.name === 'contracts')!;
    expect(suite.testcase!.map((c) => c.name)).toEqual([
      'bank-core→kdp-state-service#1 an SMS consent request',
      'bank-core→kdp-state-service#2 own means for [iin]',
      'bank-core→kdp-state-service#3 the subject revokes a consent',
      'contracts.bank-core→kdp-plugin',
    ]);
    const failed = suite.testcase![1]!;
    expect(failed.classname).toBe('contracts.bank-core→kdp-state-service');
    expect(failed.failure![0]!.message).toMatch(/Expected 'APPROVED' but received 'DECLINED'/);
    expect(failed.failure![0]!.inner).toMatch(/requirements: R2\.8, R7\.2[\s\S]*SHEP answered KDP-202/);
    expect(suite.testcase![3]!.error![0]!.message).toMatch(/refused: the pact declares plugins/);
    // The totals count the contracts too: 11 checks + 4 contract cases; 2 + 1 failures; 1 + 1 errors.
    expect([parsed.tests, parsed.failures, parsed.errors]).toEqual([15, 3, 2]);
  });

  it('HTML: a section of its own, failures open and readable without scripts, pointed to from Failures', () => {
    const html = renderHtml(report);
    const at = html.indexOf('<section id="contracts">');
    expect(at).toBeGreaterThan(html.indexOf('<section id="requirements">'));
    const part = html.slice(at, html.indexOf('</section>', at));
    expect(part).toMatch(
      /<li class="check interaction st-FAILED failing" data-interaction="bank-core→kdp-state-service#2">/,
    );
    expect(part).toMatch(/data-interaction="bank-core→kdp-state-service#2">[\s\S]*?<details open>/);
    expect(part).toContain('Expected &#39;APPROVED&#39; but received &#39;DECLINED&#39;');
    expect(part).toContain('Contracts: your pacts against the state service');
    expect(part).toContain('the pact declares plugins');
    expect(html).toContain('<p class="failure contract-failures"><a href="#contracts">');
    for (const p of [a, b]) expect(html).not.toContain(p.iin);
  });

  it('Markdown: one line for the contracts and each interaction not honoured', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('❌ Contracts: 2/3 interactions of 2 pacts honoured by the state service, 1 pact refused.');
    expect(md).toMatch(/- ❌ R2\.8 R7\.2 `bank-core→kdp-state-service#2` own means for \[iin\]: Expected 'APPROVED'/);
    expect(md).toMatch(/- ❔ `bank-core→kdp-plugin` refused: the pact declares plugins/);
  });
});

describe('a bundle with a contract section', () => {
  let bundle: Uint8Array;
  beforeAll(async () => {
    bundle = (await makeBundle(report, (await generateHarnessKey()).key, NOW())).bytes;
  });

  it('verifies, and a changed byte in a masked contract value is detected', async () => {
    expect((await verifyBundle(bundle)).ok).toBe(true);
    const files = unzipSync(bundle);
    const text = new TextDecoder().decode(files['report.json']);
    const at = text.indexOf('DECLINED for [iin]');
    expect(at).toBeGreaterThan(0);
    files['report.json'] = strToU8(text.replace('DECLINED for [iin]', 'APPROVED for [iin]'));
    const r = await verifyBundle(zipFiles(files));
    expect(r.ok).toBe(false);
    expect(r.verdict).toMatch(/^REFUSED: digest report\.json/);
  });
});
