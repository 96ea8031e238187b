import { describe, expect, it } from 'vitest';
import { bindsIntegrator, defaultCatalogue } from './catalogue.ts';
import { buildReport, verdictOf } from './build.ts';
import { validateReport } from './schema.ts';
import { sampleRun, TEST_CATALOGUE } from './test-support.ts';

const NOW = () => new Date('2026-04-01T04:30:00.000Z');

describe('the report model built from a RunResult', () => {
  const sample = sampleRun();
  const report = buildReport(sample.result, {
    catalogue: TEST_CATALOGUE,
    now: NOW,
    attestation: { certifiedBy: { name: 'Айгерім Сапарова', role: 'Head of IT security' }, validDays: 30 },
  });
  const checks = report.requirements.flatMap((r) => r.checks);

  it('is valid against its JSON Schema, and the schema refuses a broken one', () => {
    expect(validateReport(report)).toEqual({ valid: true, report });
    const broken = structuredClone(report) as unknown as Record<string, unknown>;
    delete broken.verdict;
    (broken.summary as Record<string, unknown>).PASSED = -1;
    const res = validateReport(broken);
    expect(res.valid).toBe(false);
    if (!res.valid) expect(res.errors.join('\n')).toMatch(/verdict[\s\S]*\/summary\/PASSED/);
  });

  it('lists only requirements that bind the integrator (T-SHEP-1 binds the platform)', () => {
    expect(report.requirements.map((r) => r.id)).toEqual(['R2.8', 'R3', 'R7.1', 'R7.2', 'R7.5', 'R10.2', 'R11', 'R12']);
    expect(report.omitted.checks).toBe(1);
    expect(JSON.stringify(report)).not.toContain('soap-envelope');
  });

  it('gives every check a unique id under its requirement, with title and text in kk, ru and en (English where missing)', () => {
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    expect(checks).toHaveLength(11);
    const r102 = report.requirements.find((r) => r.id === 'R10.2')!;
    expect(r102.title).toEqual({ kk: 'Requirement R10.2', ru: 'Требование R10.2', en: 'Requirement R10.2' });
    expect(report.requirements.find((r) => r.id === 'R11')!.text.kk).toBe('R11 мәтіні');
    expect(checks.find((c) => c.check === 'operator-timeout')!.id).toBe(
      'consent-ways/callcenter-consent[dataService=GBDFLUniversal_token,environment=test,way=callcenter-1414]/operator-timeout',
    );
  });

  it('masks personal data everywhere: no IIN, phone, name, token or password of the run survives', () => {
    const text = JSON.stringify(report);
    for (const p of sample.people) {
      expect(text).not.toContain(p.iin);
      expect(text).not.toContain(p.phone.slice(2));
      expect(text).not.toContain(p.lastName);
      expect(text).not.toContain(p.firstName);
    }
    expect(text).not.toContain(sample.ovt.split('.')[1]);
    expect(text).not.toMatch(/S3cr3t-pa55|pa55word/);
    expect(text).toContain(sample.result.sut.organisation.bin);
    expect(report.sut.target).toBe('http://127.0.0.1:9100/kdp-driver/v1');
  });

  it('keeps evidence of each kind, only what the included checks cite', () => {
    expect(Object.keys(report.evidence).sort()).toEqual(
      ['ev-driver-1', 'ev-kdp-bad', 'ev-kdp-ok', 'ev-mcdb', 'ev-note', 'ev-person', 'ev-sms-1', 'ev-sms-2'].sort(),
    );
    expect(new Set(Object.values(report.evidence).map((e) => e.kind))).toEqual(
      new Set(['exchange', 'sms', 'driver', 'person', 'note']),
    );
  });

  it('counts statuses, carries expected failures with their reasons, and blames a failure on the SUT by default', () => {
    expect(report.summary).toEqual({
      PASSED: 4,
      FAILED: 3,
      WARNING: 1,
      REVIEW: 1,
      SKIPPED: 1,
      UNKNOWN: 1,
      total: 11,
      expected: 1,
    });
    expect(report.expectedFailures.applied[0]!.reason).toMatch(/1414 mock is slow/);
    expect(report.expectedFailures.unmet[0]!.check).toBe('answer-by-sms');
    expect(checks.filter((c) => c.status === 'FAILED').map((c) => [c.check, c.blame])).toEqual([
      ['message-date-offset', 'sut'],
      ['operator-timeout', 'environment'],
      ['no-prod-with-test-credentials', 'configuration'],
    ]);
    // The excused failure does not fail R7.1; the SUT's own failure fails R2.8.
    expect(report.requirements.find((r) => r.id === 'R7.1')!.status).toBe('REVIEW');
    expect(report.requirements.find((r) => r.id === 'R2.8')!.status).toBe('FAILED');
  });

  it('decides the verdict: a failure fails, an expected failure is excused, UNKNOWN or REVIEW leave it incomplete', () => {
    expect(report.verdict).toBe('FAILED');
    expect(verdictOf([{ status: 'PASSED' }, { status: 'FAILED', expected: { reason: 'x' } }])).toBe('PASSED');
    expect(verdictOf([{ status: 'PASSED' }, { status: 'REVIEW' }])).toBe('INCOMPLETE');
    expect(verdictOf([{ status: 'SKIPPED' }])).toBe('INCOMPLETE');
    expect(verdictOf([{ status: 'PASSED' }, { status: 'WARNING' }])).toBe('PASSED');
  });

  it('carries attestation: who certifies, the environment, an expiry', () => {
    expect(report.attestation).toEqual({
      certifiedBy: { name: 'Айгерім Сапарова', role: 'Head of IT security' },
      organisation: sample.result.sut.organisation,
      environment: 'embedded mock environment http://127.0.0.1:8236',
      issuedAt: '2026-04-01T04:30:00.000Z',
      expiresAt: '2026-05-01T04:01:10.000Z',
    });
  });

  it('reports coverage of requirements, ways, data services and SHEP operations, exercised and not', () => {
    expect(report.coverage.requirements.notExercised).toEqual(['R7.2', 'R7.3', 'R10.2']);
    expect(report.coverage.ways).toEqual({
      exercised: ['callcenter-1414', 'sms'],
      notExercised: ['own-means', 'proactive', 'notification'],
    });
    expect(report.coverage.dataServices).toEqual({
      exercised: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
      notExercised: ['GbdulAffilFace_KDP'],
    });
    expect(report.coverage.shepOperations.exercised).toEqual(['KDP_SERVICE', 'MCDB_SERVICE']);
    expect(report.coverage.shepOperations.notExercised).toContain('KDP_SEND_SOLUTION');
  });

  it('cites the successful test exchange with the security token for the testing act, by fingerprint only', () => {
    expect(report.testingAct).toMatchObject({
      evidence: 'ev-kdp-ok',
      messageId: sample.messageId,
      serviceId: 'KDP_SERVICE',
      tokenAlg: 'RS256',
    });
    expect(report.testingAct!.tokenFingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('cites a data-service exchange that presented the access token (kdpToken), as the R11 check of a run does', () => {
    const run = structuredClone(sample.result);
    const r11 = run.modules.flatMap((m) => m.checks).find((c) => c.requirement === 'R11')!;
    r11.evidence = ['ev-mcdb'];
    const cited = buildReport(run, { catalogue: TEST_CATALOGUE, now: NOW }).testingAct;
    expect(cited).toMatchObject({ evidence: 'ev-mcdb', messageId: '7d0e4c1a-0000-4000-8000-000000000002' });
    expect(cited).toMatchObject({ serviceId: 'MCDB_SERVICE' });
    // A production exchange, or one that did not succeed, is never the act's.
    run.evidence['ev-mcdb'] = { ...run.evidence['ev-mcdb']!, environment: 'prod' } as (typeof run.evidence)[string];
    expect(buildReport(run, { catalogue: TEST_CATALOGUE, now: NOW }).testingAct).toBeUndefined();
    run.evidence['ev-mcdb'] = {
      ...run.evidence['ev-mcdb']!,
      environment: 'test',
      outcome: 'KDP-401',
      response: '<code>KDP-401</code>',
    } as (typeof run.evidence)[string];
    expect(buildReport(run, { catalogue: TEST_CATALOGUE, now: NOW }).testingAct).toBeUndefined();
  });

  it('with the project catalogue, includes exactly the requirements it says bind the integrator', () => {
    const r = buildReport(sample.result, { now: NOW });
    const catalogue = defaultCatalogue();
    for (const req of r.requirements) expect(bindsIntegrator(catalogue.get(req.id))).toBe(true);
    const cited = new Set(sample.result.modules.flatMap((m) => m.checks.map((c) => c.requirement)));
    const left = [...cited].filter((id) => !bindsIntegrator(catalogue.get(id)));
    expect(r.requirements.length + left.length).toBe(cited.size);
    expect(validateReport(r).valid).toBe(true);
  });
});
