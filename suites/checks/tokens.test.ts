import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { tokenBound } from './token-bound.ts';
import { tokenGranted } from './token-granted.ts';
import { tokenNotExpired } from './token-not-expired.ts';
import { tokenRefusalFinal } from './token-refusal-final.ts';
import { tokenUnchanged } from './token-unchanged.ts';

const tokenOf = (xml: string) => /<kdpToken>([^<]*)</.exec(xml)![1]!;

describe('T-INIT-11 R3 token use', () => {
  it('token-granted passes calls with granted tokens and fails a token never granted', () => {
    expect(tokenGranted.run(good()).status).toBe('PASSED');
    const r = recorded();
    const call = r.exchanges[3]!;
    const t = tokenOf(call.request);
    call.request = call.request.replace(t, `${t.slice(0, -4)}AAAA`);
    expect(tokenGranted.run({ exchanges: r.exchanges, context: recordedContext(r) }).evidence).toEqual(['x4']);
  });
  it('token-granted counts a token granted from its first APPROVED, not a repeat after the data call', () => {
    const r = recorded();
    // Exchange 2 answered APPROVED with the token exchange 3 (the data call) presents; a poll
    // repeated after the call gets the same APPROVED answer again.
    const repeat = { ...r.exchanges[2]!, evidenceId: 'x99', at: r.exchanges[3]!.at + 500 };
    const out = tokenGranted.run({ exchanges: [...r.exchanges, repeat], context: recordedContext(r) });
    expect(out.status).toBe('PASSED');
    // …and the repeat alone, after the call, still does not grant it earlier.
    const late = recorded();
    late.exchanges[2]!.at = late.exchanges[3]!.at + 500;
    expect(tokenGranted.run({ exchanges: late.exchanges, context: recordedContext(late) }).evidence).toEqual(['x4']);
  });
  it('token-bound passes and fails a token of one subject used for another', () => {
    expect(tokenBound.run(good()).status).toBe('PASSED');
    const r = recorded();
    const t3 = tokenOf(r.exchanges[3]!.request);
    const t5 = tokenOf(r.exchanges[5]!.request);
    r.exchanges[3]!.request = r.exchanges[3]!.request.replace(t3, t5);
    expect(tokenBound.run({ exchanges: r.exchanges, context: recordedContext(r) }).status).toBe('FAILED');
  });
  it('token-not-expired passes and fails a call after exp', () => {
    expect(tokenNotExpired.run(good()).status).toBe('PASSED');
    const r = recorded();
    r.exchanges[3]!.at += 2 * 3600_000;
    expect(tokenNotExpired.run({ exchanges: r.exchanges, context: recordedContext(r) }).message).toContain(
      'after it expired',
    );
  });
  it('token-refusal-final is skipped without a refusal, passes one refusal and fails a retry of the refused token', () => {
    expect(tokenRefusalFinal.run(good()).status).toBe('SKIPPED');
    const r = recorded();
    const call = r.exchanges[3]!;
    call.outcome = 'KDP-403';
    call.response = call.response.replace(
      /<soap:Body>[\s\S]*<\/soap:Body>/,
      '<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>revoked</faultstring><detail><ns2:SendMessageFault1_SendMessageFault xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><errorCode>KDP-403</errorCode><errorMessage>revoked</errorMessage><errorDate>2026-03-02T10:00:03.300+06:00</errorDate></ns2:SendMessageFault1_SendMessageFault></detail></soap:Fault></soap:Body>',
    );
    expect(tokenRefusalFinal.run({ exchanges: r.exchanges, context: recordedContext(r) }).status).toBe('PASSED');
    const again = { ...call, evidenceId: 'x77', at: call.at + 1000, outcome: 'SCSS001' };
    expect(tokenRefusalFinal.run({ exchanges: [...r.exchanges, again], context: recordedContext(r) }).evidence).toEqual(
      ['x77'],
    );
  });
});

describe('T-INIT-12 token-unchanged', () => {
  it('passes kdpToken and publicKey as issued', () => {
    expect(tokenUnchanged.run(good()).status).toBe('PASSED');
  });
  it('fails a publicKey re-encoded (another key) and one left out', () => {
    const r = recorded();
    r.exchanges[3]!.request = r.exchanges[3]!.request.replace(
      /<publicKey>[\s\S]*?<\/publicKey>/,
      '<publicKey>MFkwEwYHKoZIzj0CAQ</publicKey>',
    );
    r.exchanges[5]!.request = r.exchanges[5]!.request.replace(/<publicKey>[\s\S]*?<\/publicKey>/, '');
    const out = tokenUnchanged.run({ exchanges: r.exchanges, context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
    expect(out.evidence.sort()).toEqual(['x4', 'x6']);
  });
});
