import { describe, expect, it } from 'vitest';
import { ALPHANUMERIC_ALPHABET, DEFAULT_OTP_POLICY, OneTimeCodes, normalizeCode, type OtpRecord } from './otp.ts';
import { testRuntime } from '../testing.ts';

const pair = { purpose: 'kdp-consent', reference: 'req-1' };

function setup(options: ConstructorParameters<typeof OneTimeCodes>[1] = {}) {
  const rt = testRuntime();
  return { rt, codes: new OneTimeCodes(rt, options) };
}

describe('one-time codes: defaults and format', () => {
  it('R7.5 T-SMS-1: by default a code is 6 digits, lives 5 minutes and allows 3 attempts', async () => {
    expect(DEFAULT_OTP_POLICY).toEqual({ alphabet: 'numeric', length: 6, lifetimeMs: 300_000, maxAttempts: 3 });
    const { rt, codes } = setup();
    const issued = await codes.issue(pair);
    expect(issued.code).toMatch(/^\d{6}$/);
    expect(issued.expiresAt - issued.issuedAt).toBe(300_000);
    expect(issued.issuedAt).toBe(rt.clock.nowMs());
  });

  it('R7.5 T-SMS-1: numeric codes use every digit, leading zeros included', async () => {
    const { codes } = setup();
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) for (const c of (await codes.issue({ ...pair, reference: `r${i}` })).code) seen.add(c);
    expect([...seen].sort().join('')).toBe('0123456789');
  });

  it('R7.5 T-SMS-1: alphanumeric codes draw only from an alphabet without look-alikes', async () => {
    expect(ALPHANUMERIC_ALPHABET).not.toMatch(/[0O1IL]/);
    const { codes } = setup({ policy: { alphabet: 'alphanumeric', length: 8 } });
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const { code } = await codes.issue({ ...pair, reference: `r${i}` });
      expect(code).toHaveLength(8);
      expect(code).toMatch(/\d/);
      for (const c of code) seen.add(c);
    }
    expect([...seen].every((c) => ALPHANUMERIC_ALPHABET.includes(c))).toBe(true);
    // 480 draws from 31 characters: every one of them shows up.
    expect(seen.size).toBe(ALPHANUMERIC_ALPHABET.length);
  });

  it('R7.5 T-SMS-1: length, alphabet, lifetime and attempts can be set per instance and per code', async () => {
    const { codes } = setup({ policy: { length: 4, lifetimeMs: 60_000 } });
    const a = await codes.issue(pair);
    expect(a.code).toMatch(/^\d{4}$/);
    expect(a.policy).toEqual({ alphabet: 'numeric', length: 4, lifetimeMs: 60_000, maxAttempts: 3 });
    const b = await codes.issue({
      ...pair,
      reference: 'req-2',
      policy: { alphabet: 'alphanumeric', length: 12, maxAttempts: 5 },
    });
    expect(b.code).toHaveLength(12);
    expect(b.policy.maxAttempts).toBe(5);
  });

  it('R7.5 T-SMS-1: a policy outside the bounds is refused at once', () => {
    const rt = testRuntime();
    expect(() => new OneTimeCodes(rt, { policy: { length: 3 } })).toThrow(RangeError);
    expect(() => new OneTimeCodes(rt, { policy: { length: 13 } })).toThrow(RangeError);
    expect(() => new OneTimeCodes(rt, { policy: { lifetimeMs: 0 } })).toThrow(RangeError);
    expect(() => new OneTimeCodes(rt, { policy: { maxAttempts: 0 } })).toThrow(RangeError);
    expect(() => new OneTimeCodes(rt, { policy: { alphabet: 'hex' as 'numeric' } })).toThrow(RangeError);
  });

  it('gives the same codes for the same seed, so a scenario can be replayed', async () => {
    const a = await setup().codes.issue(pair);
    const b = await setup().codes.issue(pair);
    expect(a.code).toBe(b.code);
  });
});

describe('one-time codes: verification', () => {
  it('R7.5 T-SMS-2: the right code is accepted once, and refused as used after that', async () => {
    const { codes } = setup();
    const { code, id } = await codes.issue(pair);
    expect(await codes.verify({ ...pair, code })).toEqual({ ok: true, status: 'accepted', id });
    expect(await codes.verify({ ...pair, code })).toEqual({ ok: false, status: 'used', id });
    expect((await codes.get(id))?.state).toBe('used');
  });

  it('R7.5 T-SMS-4: wrong codes spend attempts; at the limit the code locks and the right one is refused', async () => {
    const { codes } = setup();
    const { code, id } = await codes.issue(pair);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await codes.verify({ ...pair, code: wrong })).toEqual({ ok: false, status: 'wrong', id, attemptsLeft: 2 });
    expect(await codes.verify({ ...pair, code: wrong })).toEqual({ ok: false, status: 'wrong', id, attemptsLeft: 1 });
    expect(await codes.verify({ ...pair, code: wrong })).toEqual({ ok: false, status: 'locked', id, attemptsLeft: 0 });
    expect(await codes.verify({ ...pair, code })).toEqual({ ok: false, status: 'locked', id, attemptsLeft: 0 });
  });

  it('R7.5 T-SMS-4: a right code after wrong ones, within the limit, is still accepted', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(pair);
    await codes.verify({ ...pair, code: 'nonsense' });
    expect((await codes.verify({ ...pair, code })).status).toBe('accepted');
  });

  it('R7.5 T-SMS-3: a code works until its lifetime ends on the virtual clock, then it is refused as expired', async () => {
    const { rt, codes } = setup();
    const { code, id } = await codes.issue(pair);
    rt.clock.advance(300_000 - 1);
    const later = await codes.issue({ ...pair, reference: 'other' });
    rt.clock.advance(1);
    expect(await codes.verify({ ...pair, code })).toEqual({ ok: false, status: 'expired', id });
    // An expired code spends no attempts: nothing changes however often it is tried.
    await codes.verify({ ...pair, code: 'x' });
    expect((await codes.get(id))?.attempts).toBe(0);
    expect((await codes.verify({ reference: 'other', purpose: pair.purpose, code: later.code })).status).toBe(
      'accepted',
    );
  });

  it('R7.5 T-SMS-2: a new code for the same request supersedes the old one', async () => {
    const { codes } = setup();
    const first = await codes.issue(pair);
    const second = await codes.issue(pair);
    expect((await codes.get(first.id))?.state).toBe('superseded');
    expect(first.code).not.toBe(second.code);
    expect((await codes.verify({ ...pair, code: first.code })).status).toBe('wrong');
    expect((await codes.verify({ ...pair, code: second.code })).status).toBe('accepted');
  });

  it('R7.5: a code is bound to its purpose and reference', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(pair);
    expect(await codes.verify({ ...pair, reference: 'req-2', code })).toEqual({ ok: false, status: 'not-found' });
    expect(await codes.verify({ purpose: 'other', reference: pair.reference, code })).toEqual({
      ok: false,
      status: 'not-found',
    });
  });

  it('R7.5 T-SMS-1: what the subject types is read as the code it saw: case, spaces, dashes, Cyrillic look-alikes', async () => {
    const { codes } = setup({ policy: { alphabet: 'alphanumeric' } });
    const { code } = await codes.issue(pair);
    const typed = ` ${code.slice(0, 3)}-${code.slice(3)} `
      .toLowerCase()
      .replace(/a/g, 'а') // Cyrillic а
      .replace(/k/g, 'к');
    expect((await codes.verify({ ...pair, code: typed })).status).toBe('accepted');
    expect(normalizeCode(' 482 913 ')).toBe('482913');
    expect(normalizeCode('ав–мн')).toBe('ABMH');
  });

  it('R7.5 T-SMS-5: the store holds a keyed hash of the code, never the code', async () => {
    const { rt, codes } = setup();
    const a = await codes.issue(pair);
    const b = await codes.issue({ ...pair, reference: 'req-2' });
    const records = await rt.store.collection<OtpRecord>('sms.otp').find();
    const dump = JSON.stringify(records);
    expect(dump).not.toContain(`"${a.code}"`);
    expect(records.every((r) => !Object.values(r).includes(a.code) && !Object.values(r).includes(b.code))).toBe(true);
    expect(Buffer.from(records[0]!.hash, 'base64')).toHaveLength(32);
    // Different salts: equal codes would still hash differently.
    expect(records[0]!.salt).not.toBe(records[1]!.salt);
  });

  it('R7.5 T-SMS-5: answers of any length compare safely (a naive timingSafeEqual would throw)', async () => {
    const { codes } = setup();
    await codes.issue(pair);
    expect((await codes.verify({ ...pair, code: '' })).status).toBe('wrong');
    expect((await codes.verify({ ...pair, code: '1'.repeat(500) })).status).toBe('wrong');
  });

  it('R7.5 T-SMS-5: a code verifies only under the secret it was issued with', async () => {
    const rt = testRuntime();
    const secret = new Uint8Array(32).fill(1);
    const { code } = await new OneTimeCodes(rt, { secret }).issue(pair);
    // A restarted instance with the same secret still knows the code; one with another does not.
    expect((await new OneTimeCodes(rt, { secret: new Uint8Array(32).fill(2) }).verify({ ...pair, code })).status).toBe(
      'wrong',
    );
    expect((await new OneTimeCodes(rt, { secret }).verify({ ...pair, code })).status).toBe('accepted');
  });
});
