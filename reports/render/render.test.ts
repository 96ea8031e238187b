import { parse } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../build.ts';
import { LANGUAGES } from '../model.ts';
import { sampleRun, TEST_CATALOGUE } from '../test-support.ts';
import { renderHtml } from './html.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderTestingAct, testingActNumber } from './testing-act.ts';

const sample = sampleRun();
const report = buildReport(sample.result, {
  catalogue: TEST_CATALOGUE,
  now: () => new Date('2026-04-01T04:30:00Z'),
  attestation: { certifiedBy: { name: 'Айгерім Сапарова', role: 'Head of IT security' } },
});
// Hostile bytes the SUT sent end up in a message too: control characters and a lone surrogate.
report.requirements[0]!.checks[1]!.message += ' \u0000\u0007\uD800 </failure> & "quoted"';

describe('JUnit XML', () => {
  const xml = renderJUnit(report);

  it('is read back by a standard JUnit parser, one testcase per check, classname plan.module, names unique', async () => {
    const parsed = await parse(xml);
    const cases = (
      parsed as { testsuite?: { testcase?: { name?: string; classname?: string }[] }[] }
    ).testsuite!.flatMap((s) => s.testcase ?? []);
    const checks = report.requirements.flatMap((r) => r.checks);
    expect(cases).toHaveLength(checks.length);
    const keys = cases.map((c) => `${c.classname}::${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cases.map((c) => c.classname)).toContain('consent-ways.callcenter-consent');
  });

  it('puts the message in the element text and in the attribute, and maps statuses to JUnit outcomes', async () => {
    const parsed = (await parse(xml)) as {
      tests?: number;
      failures?: number;
      errors?: number;
      testsuite?: {
        testcase?: {
          name?: string;
          failure?: { message?: string; inner?: string }[];
          error?: unknown[];
          skipped?: { message?: string }[];
        }[];
      }[];
    };
    expect([parsed.tests, parsed.failures, parsed.errors]).toEqual([11, 2, 1]);
    const cases = parsed.testsuite!.flatMap((s) => s.testcase ?? []);
    const failed = cases.find((c) => c.name?.includes('message-date-offset'))!;
    expect(failed.failure![0]!.message).toMatch(/has no UTC offset/);
    expect(failed.failure![0]!.inner).toMatch(/has no UTC offset[\s\S]*requirement: R2\.8/);
    const excused = cases.find((c) => c.name?.includes('operator-timeout'))!;
    expect(excused.skipped![0]!.message).toMatch(/^expected failure: the 1414 mock is slow/);
  });

  it('strips characters XML 1.0 cannot carry and escapes markup', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).not.toMatch(/\uD800(?![\uDC00-\uDFFF])/);
    expect(xml).toContain('&lt;/failure&gt; &amp; &quot;quoted&quot;');
  });
});

describe('HTML report', () => {
  const html = renderHtml(report);

  it('is one self-contained file: no external resource, a restrictive CSP, inline SVG chart', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg class="chart"[\s\S]*<rect[^>]*fill="#c62828"/);
  });

  it('shows the verdict and who certifies at the top, before the tables', () => {
    const verdictAt = html.indexOf('id="verdict"');
    expect(verdictAt).toBeGreaterThan(0);
    expect(verdictAt).toBeLessThan(html.indexOf('id="requirements"'));
    expect(html).toContain('data-verdict="FAILED"');
    expect(html).toContain('<strong class="certifier">Айгерім Сапарова</strong>');
  });

  it('has the requirement table in kk, ru and en, English chosen by default', () => {
    expect(html).toMatch(/id="lang-en" value="en" checked/);
    for (const l of LANGUAGES) expect(html).toContain(`<span class="l l-${l}" lang="${l}">`);
    expect(html).toContain('R11 талабы');
    expect(html).toContain('Требование R11');
  });

  it('sorts failures into your system, the configuration of the run and the environment', () => {
    const sections = [...html.matchAll(/<section class="blame blame-(\w+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['sut', 'configuration']);
    // The excused expected failure (blamed on the environment) is not among the failures.
    expect(html).not.toContain('class="blame blame-environment"');
  });

  it('masks personal data and escapes hostile text', () => {
    for (const p of sample.people) expect(html).not.toContain(p.iin);
    expect(html).not.toContain('</failure> &');
    expect(html).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('Markdown summary', () => {
  it('gives the verdict, counts and each failure with its requirement, on one screen', () => {
    const md = renderMarkdown(report);
    expect(md.split('\n')[0]).toBe('## ❌ kdp-conformance: FAILED');
    expect(md).toMatch(/\| 4 \| 2 \| 1 \| 1 \| 1 \| 1 \| 1 \|/);
    expect(md).toMatch(/\| R2\.8 \| `exchange\.envelope\/message-date-offset`/);
    expect(md).toContain('&lt;/failure&gt;');
    expect(md.split('\n').length).toBeLessThan(40);
  });
});

describe('testing act (clause 11)', () => {
  it.each(LANGUAGES)('in %s cites the successful test exchange with the security token and the signatories', (lang) => {
    const act = renderTestingAct(report, lang, 'a'.repeat(64));
    expect(act).toContain(`<html lang="${lang}">`);
    expect(act).toContain(`<code class="message-id">${sample.messageId}</code>`);
    expect(act).toContain(report.testingAct!.tokenFingerprint);
    expect(act).toContain(testingActNumber(report));
    expect(act).toContain('Айгерім Сапарова');
    expect(act).toContain('@page');
    expect(act).not.toContain(sample.ovt.split('.')[1]);
  });

  it('says it cannot be filed when no such exchange was recorded, and concludes by the verdict', () => {
    const { testingAct: _, ...without } = report;
    const act = renderTestingAct({ ...without, verdict: 'PASSED' }, 'ru', 'b'.repeat(64));
    expect(act).toContain('class="no-exchange"');
    expect(act).toContain('не прошла тестирование');
    const passed = renderTestingAct({ ...report, verdict: 'PASSED' }, 'kk', 'b'.repeat(64));
    expect(passed).toContain('тестілеуден өтті');
  });
});
