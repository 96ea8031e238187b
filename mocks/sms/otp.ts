import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../runtime.ts';
import type { CollectionSpec } from '../store/store.ts';

/** A code is looked up by what it is for (purpose + reference), the latest first. */
const OTP_SPEC: CollectionSpec = {
  fields: { purpose: 'text', reference: 'text', issuedAt: 'integer' },
  indexes: [['purpose', 'reference', 'issuedAt']],
};

/**
 * One-time codes of way 5 (R7.5). The Rules fix none of the figures; these defaults are the
 * profile's choice (T-SMS-1…5) and every one is configurable per instance and per code.
 */
export interface OtpPolicy {
  alphabet: 'numeric' | 'alphanumeric';
  /** Characters in a code, 4–12. */
  length: number;
  lifetimeMs: number;
  /** Wrong answers allowed before the code locks, 1–100. */
  maxAttempts: number;
}

export const DEFAULT_OTP_POLICY: Readonly<OtpPolicy> = Object.freeze({
  alphabet: 'numeric',
  length: 6,
  lifetimeMs: 5 * 60_000,
  maxAttempts: 3,
});

export const NUMERIC_ALPHABET = '0123456789';
/**
 * Latin capitals and digits without 0/O, 1/I/L: a subject reads the code off a phone screen and
 * types it back, so no two characters may be mistaken for each other. A code always holds at
 * least one digit (see issue()).
 */
export const ALPHANUMERIC_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * Cyrillic capitals that look like Latin ones. A subject whose phone keyboard is set to Cyrillic
 * types "А" for "A"; the code means what the subject saw, so the look-alike is read as the Latin letter.
 */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

export type OtpState = 'active' | 'used' | 'locked' | 'superseded';

export interface OtpRecord {
  id: string;
  purpose: string;
  reference: string;
  alphabet: OtpPolicy['alphabet'];
  length: number;
  /** base64 of the per-code salt and of HMAC-SHA256(secret, salt ‖ purpose ‖ reference ‖ code). */
  salt: string;
  hash: string;
  issuedAt: number;
  expiresAt: number;
  maxAttempts: number;
  attempts: number;
  state: OtpState;
  usedAt?: number;
}

export interface IssuedCode {
  id: string;
  /** The code in clear: returned once, to be put in the SMS, never stored. */
  code: string;
  purpose: string;
  reference: string;
  issuedAt: number;
  expiresAt: number;
  policy: OtpPolicy;
}

export type VerifyResult =
  | { ok: true; status: 'accepted'; id: string }
  | { ok: false; status: 'wrong'; id: string; attemptsLeft: number }
  | { ok: false; status: 'locked'; id: string; attemptsLeft: 0 }
  | { ok: false; status: 'expired'; id: string }
  | { ok: false; status: 'used'; id: string }
  | { ok: false; status: 'not-found' };

export interface OneTimeCodesOptions {
  policy?: Partial<OtpPolicy>;
  /**
   * Key of the code hashes. Without it a random key is drawn at construction, so codes issued
   * before a restart cannot be verified after it; pass a stable secret where that matters.
   */
  secret?: Uint8Array;
}

/** Checks a policy, so that a misconfiguration fails at startup rather than as a weak code. */
export function resolvePolicy(base: OtpPolicy, patch: Partial<OtpPolicy> = {}): OtpPolicy {
  const p: OtpPolicy = { ...base, ...stripUndefined(patch) };
  if (p.alphabet !== 'numeric' && p.alphabet !== 'alphanumeric')
    throw new RangeError(`unknown code alphabet: ${String(p.alphabet)}`);
  if (!Number.isInteger(p.length) || p.length < 4 || p.length > 12)
    throw new RangeError('a code has 4 to 12 characters');
  if (!Number.isFinite(p.lifetimeMs) || p.lifetimeMs <= 0)
    throw new RangeError('a code lifetime is a positive number of ms');
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1 || p.maxAttempts > 100)
    throw new RangeError('the attempt limit is 1 to 100');
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a subject typed, in the form codes are issued in: no spaces or dashes, Latin capitals. */
export function normalizeCode(input: string): string {
  return [
    ...input
      .normalize('NFC')
      .toUpperCase()
      .replace(/[\s\-\u2010-\u2015]/g, ''),
  ]
    .map((c) => CYRILLIC_LOOKALIKES[c] ?? c)
    .join('');
}

export class OneTimeCodes {
  readonly policy: OtpPolicy;
  private readonly secret: Uint8Array;

  constructor(
    private readonly rt: Pick<Runtime, 'clock' | 'random' | 'store'>,
    options: OneTimeCodesOptions = {},
  ) {
    this.policy = resolvePolicy(DEFAULT_OTP_POLICY, options.policy);
    this.secret = options.secret ?? rt.random.bytes(32);
  }

  private get codes() {
    return this.rt.store.collection<OtpRecord>('sms.otp', OTP_SPEC);
  }

  /**
   * A fresh code for a purpose ('kdp-consent', …) and a reference (the request it confirms). Any
   * code still active for the same pair is superseded: only the latest one the subject got counts.
   */
  async issue(input: { purpose: string; reference: string; policy?: Partial<OtpPolicy> }): Promise<IssuedCode> {
    const policy = resolvePolicy(this.policy, input.policy);
    const alphabet = policy.alphabet === 'numeric' ? NUMERIC_ALPHABET : ALPHANUMERIC_ALPHABET;
    const draw = () =>
      Array.from({ length: policy.length }, () => alphabet[this.rt.random.int(alphabet.length)]!).join('');
    // Every code holds a digit, so that an answer like "THANKS" is never read as a code; redrawing
    // keeps the choice uniform over the codes that qualify.
    let code = draw();
    while (!/\d/.test(code)) code = draw();
    const salt = Buffer.from(this.rt.random.bytes(16));
    const now = this.rt.clock.nowMs();
    const record: OtpRecord = {
      id: this.rt.random.uuid(),
      purpose: input.purpose,
      reference: input.reference,
      alphabet: policy.alphabet,
      length: policy.length,
      salt: salt.toString('base64'),
      hash: this.digest(salt, input.purpose, input.reference, code).toString('base64'),
      issuedAt: now,
      expiresAt: now + policy.lifetimeMs,
      maxAttempts: policy.maxAttempts,
      attempts: 0,
      state: 'active',
    };
    await this.rt.store.transaction(async () => {
      for (const old of await this.codes.find({
        where: { purpose: input.purpose, reference: input.reference, state: 'active' },
      })) {
        await this.codes.put(old.id, { ...old, state: 'superseded' });
      }
      await this.codes.put(record.id, record);
    });
    return {
      id: record.id,
      code,
      purpose: input.purpose,
      reference: input.reference,
      issuedAt: now,
      expiresAt: record.expiresAt,
      policy,
    };
  }

  /**
   * Checks what the subject answered against the latest code for the pair. The order of the checks
   * matters: a used, locked or expired code is refused without spending an attempt, so a late
   * guess can neither unlock nor revive it.
   */
  async verify(input: { purpose: string; reference: string; code: string }): Promise<VerifyResult> {
    return this.rt.store.transaction(async () => {
      const [rec] = await this.codes.find({
        where: { purpose: input.purpose, reference: input.reference },
        orderBy: 'issuedAt',
        order: 'desc',
        limit: 1,
      });
      if (!rec) return { ok: false, status: 'not-found' } as const;
      if (rec.state === 'used') return { ok: false, status: 'used', id: rec.id } as const;
      if (rec.state === 'locked') return { ok: false, status: 'locked', id: rec.id, attemptsLeft: 0 } as const;
      const now = this.rt.clock.nowMs();
      if (now >= rec.expiresAt) return { ok: false, status: 'expired', id: rec.id } as const;

      if (this.matches(rec, input.code)) {
        await this.codes.put(rec.id, { ...rec, state: 'used', usedAt: now });
        return { ok: true, status: 'accepted', id: rec.id } as const;
      }
      const attempts = rec.attempts + 1;
      const locked = attempts >= rec.maxAttempts;
      await this.codes.put(rec.id, { ...rec, attempts, state: locked ? 'locked' : 'active' });
      return locked
        ? ({ ok: false, status: 'locked', id: rec.id, attemptsLeft: 0 } as const)
        : ({ ok: false, status: 'wrong', id: rec.id, attemptsLeft: rec.maxAttempts - attempts } as const);
    });
  }

  /** The stored record (hash only), for evidence and for the state service's own bookkeeping. */
  get(id: string): Promise<OtpRecord | undefined> {
    return this.codes.get(id);
  }

  private matches(rec: OtpRecord, typed: string): boolean {
    // Both sides are 32-byte HMACs whatever was typed, so timingSafeEqual never sees unequal lengths
    // and the time taken says nothing about how much of the code was right.
    const expected = Buffer.from(rec.hash, 'base64');
    const actual = this.digest(Buffer.from(rec.salt, 'base64'), rec.purpose, rec.reference, normalizeCode(typed));
    return timingSafeEqual(expected, actual);
  }

  private digest(salt: Buffer, purpose: string, reference: string, code: string): Buffer {
    // Length-prefixed fields: "ab"+"c" and "a"+"bc" must not hash alike.
    const h = createHmac('sha256', this.secret).update(salt);
    for (const part of [purpose, reference, code]) {
      const b = Buffer.from(part, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      h.update(len).update(b);
    }
    return h.digest();
  }
}
