import { describe, expect, it } from 'vitest';
import { recorded } from '../testing/recorded.ts';
import { environmentExchange } from './environment-exchange.ts';
import { fetchOutcome } from './fetch-outcome.ts';
import { noDataCall } from './no-data-call.ts';
import { refusalNotRetried } from './refusal-not-retried.ts';
import { reportedOutcome } from './reported-outcome.ts';
import { sequenceStep } from './sequence-step.ts';
import { signingKeyRegistered } from './signing-key-registered.ts';
import { transientRetried } from './transient-retried.ts';

describe('T-INIT-14 transient-retried', () => {
  it('passes the recorded retry after ESYS001 with a new messageId', () => {
    const r = recorded();
    expect(transientRetried.run({ exchanges: r.exchanges.slice(6), service: 'KDP_SERVICE' }).status).toBe('PASSED');
  });
  it('fails a fault never sent again, and a retry with the same messageId', () => {
    const r = recorded();
    expect(transientRetried.run({ exchanges: r.exchanges.slice(6, 8), service: 'KDP_SERVICE' }).status).toBe('FAILED');
    const id = /<messageId>([^<]*)</.exec(r.exchanges[7]!.request)![1]!;
    r.exchanges[8]!.request = r.exchanges[8]!.request.replace(/<messageId>[^<]*</, `<messageId>${id}<`);
    expect(transientRetried.run({ exchanges: r.exchanges.slice(7), service: 'KDP_SERVICE' }).message).toContain(
      'reused',
    );
  });
});

describe('T-INIT-15 refusal-not-retried', () => {
  const unknown = '900101300017';
  it('passes the recorded KDP-107 refusal, sent once', () => {
    const r = recorded();
    expect(refusalNotRetried.run({ exchanges: r.exchanges, service: 'KDP_SERVICE', iin: unknown }).status).toBe(
      'PASSED',
    );
  });
  it('fails the refused request sent again', () => {
    const r = recorded();
    const again = { ...r.exchanges[6]!, evidenceId: 'x60', at: r.exchanges[6]!.at + 2000 };
    const out = refusalNotRetried.run({ exchanges: [...r.exchanges, again], service: 'KDP_SERVICE', iin: unknown });
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('KDP-107');
  });
});

describe('T-INIT-11 R3 no-data-call', () => {
  it('passes a subject never asked of a data service and fails one that was', () => {
    const r = recorded();
    expect(noDataCall.run({ exchanges: r.exchanges, iin: r.subjects[2]! }).status).toBe('PASSED');
    expect(noDataCall.run({ exchanges: r.exchanges, iin: r.subjects[0]! }).evidence).toEqual(['x4']);
  });
});

describe('T-INIT-10 reported-outcome and fetch-outcome', () => {
  it('passes the expected phase with a reason, fails another phase, a missing code, a token held', () => {
    const base = { source: 'driver' as const, evidence: ['d1'] };
    expect(
      reportedOutcome.run({ ...base, expected: ['declined'], observed: { phase: 'declined', reason: 'refused' } })
        .status,
    ).toBe('PASSED');
    expect(reportedOutcome.run({ ...base, expected: ['declined'], observed: { phase: 'pending' } }).status).toBe(
      'FAILED',
    );
    expect(
      reportedOutcome.run({
        ...base,
        expected: ['failed'],
        expectedErrorCode: 'KDP-107',
        observed: { phase: 'failed', reason: 'x' },
      }).status,
    ).toBe('FAILED');
    expect(
      reportedOutcome.run({
        ...base,
        expected: ['expired'],
        observed: { phase: 'expired', reason: 'x', tokenHeld: true },
      }).status,
    ).toBe('FAILED');
    expect(reportedOutcome.run({ ...base, expected: ['locked'], observed: { phase: 'locked' } }).message).toContain(
      'no reason',
    );
  });
  it('is REVIEW when a person reported what the system showed', () => {
    const out = reportedOutcome.run({
      source: 'person',
      evidence: ['p1'],
      expected: ['declined'],
      observed: { phase: 'declined', reason: 'shown' },
    });
    expect(out.status).toBe('REVIEW');
    expect(out.message).toContain('the person saw');
  });
  it('fetch-outcome passes data and refusals where due and fails the opposite', () => {
    expect(
      fetchOutcome.run({
        expectData: true,
        mustContain: '123',
        result: { ok: true, data: { iin: '123' } },
        evidence: [],
      }).status,
    ).toBe('PASSED');
    expect(
      fetchOutcome.run({ expectData: true, mustContain: '123', result: { ok: true, data: {} }, evidence: [] }).status,
    ).toBe('FAILED');
    expect(fetchOutcome.run({ expectData: false, result: { ok: false, reason: 'expired' }, evidence: [] }).status).toBe(
      'PASSED',
    );
    expect(fetchOutcome.run({ expectData: false, result: { ok: true, data: {} }, evidence: [] }).status).toBe('FAILED');
    expect(fetchOutcome.run({ expectData: false, result: { person: 'an error' }, evidence: [] }).status).toBe('REVIEW');
  });
});

describe('R11 R12 environment-exchange', () => {
  it('passes a successful test data-service response by the test sender; fails on prod or by another sender', () => {
    const r = recorded();
    expect(
      environmentExchange.run({ exchanges: r.exchanges, environment: 'test', senders: [r.senders.test] }).status,
    ).toBe('PASSED');
    expect(
      environmentExchange.run({ exchanges: r.exchanges, environment: 'prod', senders: [r.senders.prod] }).status,
    ).toBe('FAILED');
    expect(environmentExchange.run({ exchanges: r.exchanges, environment: 'test', senders: ['OTHER'] }).status).toBe(
      'FAILED',
    );
  });
});

describe('R4 R10.2 sequence-step and signing-key-registered', () => {
  const steps = [
    { requirement: 'R4', step: 'file the application', status: 201 },
    { requirement: 'R10.2', step: 'register the public signature key', status: 200 },
  ];
  it('passes a requirement whose steps went through, fails the one the sequence stopped at, skips those after', () => {
    expect(sequenceStep.run({ requirement: 'R4', steps, evidence: [] }).status).toBe('PASSED');
    const failure = { requirement: 'R11', step: 'file the testing act', message: 'unexpected 422' };
    expect(sequenceStep.run({ requirement: 'R11', steps, failure, evidence: [] }).status).toBe('FAILED');
    expect(sequenceStep.run({ requirement: 'R12', steps, failure, evidence: [] }).status).toBe('SKIPPED');
  });
  it('passes the registered public key, fails another key and a private one', () => {
    const r = recorded();
    const key = r.signingKey;
    expect(signingKeyRegistered.run({ sutKey: key, registered: [key], evidence: [] }).status).toBe('PASSED');
    expect(signingKeyRegistered.run({ sutKey: { ...key, x: 'AAAA' }, registered: [key], evidence: [] }).status).toBe(
      'FAILED',
    );
    expect(
      signingKeyRegistered.run({ sutKey: { ...key, d: 'secret' }, registered: [key], evidence: [] }).message,
    ).toContain('private');
  });
});
