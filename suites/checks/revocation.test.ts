import { describe, expect, it } from 'vitest';
import type { Exchange } from '../exchange.ts';
import { pick, recorded } from '../testing/recorded.ts';
import { fetchOutcome } from './fetch-outcome.ts';
import { revocationDecided, type RevocationSeen } from './revocation-decided.ts';
import { revokedTokenUnused } from './revoked-token-unused.ts';
import { tokenDropped } from './token-dropped.ts';

/**
 * The recorded data-service call of the first subject, made into the SUT's revocation exchanges
 * (the same envelope, another service and data), and into the call the state service refused.
 */
function revocationEvidence(solution = 'ACCEPT') {
  const r = recorded();
  const call = pick(r.exchanges, (x) => x.service === 'GBDFLUniversal_token');
  const refusal = pick(r.exchanges, (x) => x.outcome === 'KDP-107');
  const as = (service: string, data: string, at: number, id: string): Exchange => ({
    ...call,
    service,
    at,
    evidenceId: id,
    request: call.request
      .replace('<serviceId>GBDFLUniversal_token<', `<serviceId>${service}<`)
      .replace(/<requestData><data>.*<\/data><\/requestData>/s, `<requestData>${data}</requestData>`),
  });
  const list = as('KDP_LIST_TO_REVOKE', '<data><company_bin>110140252784</company_bin></data>', call.at + 1000, 'r1');
  const decide = as(
    'KDP_SEND_SOLUTION',
    `<data><request_id>rev-1</request_id><solution>${solution}</solution></data>`,
    call.at + 1100,
    'r2',
  );
  const refused: Exchange = {
    ...call,
    at: call.at + 2000,
    evidenceId: 'r3',
    outcome: 'KDP-403',
    response: refusal.response.replaceAll('KDP-107', 'KDP-403'),
  };
  return { r, call, list, decide, refused, iin: r.subjects[0]! };
}

const seen = (status: RevocationSeen['status'], reason?: string): RevocationSeen => ({
  id: 'rev-1',
  status,
  evidence: ['e1'],
  ...(reason ? { reason } : {}),
});

describe('T-INIT-17 revocation-decided', () => {
  it('passes a revocation listed and then accepted by the SUT', () => {
    const { list, decide } = revocationEvidence();
    const out = revocationDecided.run({ revocation: seen('ACCEPTED'), exchanges: [list, decide] });
    expect(out.status).toBe('PASSED');
    expect(out.evidence).toEqual(['e1', 'r1', 'r2']);
  });
  it('fails one still pending, one decided without a KDP_SEND_SOLUTION of the SUT, one never listed', () => {
    const { list, decide } = revocationEvidence();
    expect(revocationDecided.run({ revocation: seen('PENDING'), exchanges: [list] }).status).toBe('FAILED');
    expect(revocationDecided.run({ revocation: seen('ACCEPTED'), exchanges: [list] }).message).toContain(
      'no KDP_SEND_SOLUTION',
    );
    expect(revocationDecided.run({ revocation: seen('ACCEPTED'), exchanges: [decide] }).message).toContain(
      'never listed',
    );
    const other = { ...decide, request: decide.request.replace('rev-1', 'rev-2') };
    expect(revocationDecided.run({ revocation: seen('ACCEPTED'), exchanges: [list, other] }).status).toBe('FAILED');
  });
  it('is REVIEW for a rejection, with its reason', () => {
    const { list, decide } = revocationEvidence('REJECT');
    const out = revocationDecided.run({
      revocation: seen('REJECTED', 'a loan is outstanding'),
      exchanges: [list, decide],
    });
    expect(out.status).toBe('REVIEW');
    expect(out.message).toContain('a loan is outstanding');
  });
});

describe('T-INIT-11 revoked-token-unused', () => {
  it('passes no call after the revocation, and one refused call from a SUT that was not told', () => {
    const { call, refused, iin } = revocationEvidence();
    expect(revokedTokenUnused.run({ exchanges: [call], iin, revokedAtMs: call.at + 1, knew: true }).status).toBe(
      'PASSED',
    );
    const out = revokedTokenUnused.run({ exchanges: [call, refused], iin, revokedAtMs: call.at + 1, knew: false });
    expect(out.status).toBe('PASSED');
    expect(out.evidence).toEqual(['r3']);
  });
  it('fails any call by a SUT that accepted the revocation itself, and a retry of the refused token', () => {
    const { call, refused, iin } = revocationEvidence();
    expect(
      revokedTokenUnused.run({ exchanges: [call, refused], iin, revokedAtMs: call.at + 1, knew: true }).status,
    ).toBe('FAILED');
    const again = { ...refused, at: refused.at + 500, evidenceId: 'r4' };
    const out = revokedTokenUnused.run({ exchanges: [refused, again], iin, revokedAtMs: call.at + 1, knew: false });
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toEqual(['r3', 'r4']);
    // A call that went through after the revocation is no evidence of a revoked token.
    expect(revokedTokenUnused.run({ exchanges: [call], iin, revokedAtMs: call.at - 1, knew: false }).status).toBe(
      'FAILED',
    );
  });
});

describe('T-INIT-17 token-dropped, T-INIT-11 fetch-outcome with the refusal code', () => {
  it('passes a state without the token and fails one still holding it; a person is REVIEW', () => {
    const state = (tokenHeld: boolean, source: 'driver' | 'person' = 'driver') => ({
      value: { id: 'a', phase: 'granted' as const, tokenHeld },
      source,
      evidence: ['d1'],
    });
    expect(tokenDropped.run({ state: state(false) }).status).toBe('PASSED');
    expect(tokenDropped.run({ state: state(true) }).status).toBe('FAILED');
    expect(tokenDropped.run({ state: state(false, 'person') }).status).toBe('REVIEW');
    expect(tokenDropped.run({ state: { value: undefined, source: 'driver', evidence: [] } }).status).toBe('FAILED');
  });
  it('fetch-outcome passes the refusal reported with its code and fails it reported without', () => {
    const base = { expectData: false, evidence: ['d2'], errorCode: 'KDP-403' };
    expect(fetchOutcome.run({ ...base, result: { ok: false, reason: 'revoked', errorCode: 'KDP-403' } }).status).toBe(
      'PASSED',
    );
    expect(fetchOutcome.run({ ...base, result: { ok: false, reason: 'something went wrong' } }).status).toBe('FAILED');
  });
});
