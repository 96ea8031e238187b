import { KAZAKHSTAN_OFFSET_MINUTES } from '../../protocol/dates.ts';
import type { ConsentWay } from '../../protocol/kdp/ways.ts';
import { PROFILE_VERSION } from '../profile.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { Lang } from '../sms/texts.ts';

/**
 * What the public record does not say about the state service, chosen and made configurable.
 * docs/kdp.md explains every value; the T-KDP requirement that each one concretizes is noted.
 */
export interface KdpProfile {
  version: string;
  /**
   * Kazakhstan's offset the dates of the history are written and its day ranges read in: 300
   * (UTC+5, since 1 March 2024) or 360 (+06:00, as code written before then). One value for the
   * whole environment: compose.ts hands the same to SHEP and Smart Bridge.
   */
  utcOffsetMinutes: number;
  /** T-KDP-2: names of the requestInfo property and of the data element that carry the way. */
  wayProperty: string;
  wayElement: string;
  /** T-KDP-15: names of the property and element that carry the Article 9 ground. */
  groundProperty: string;
  groundElement: string;
  /** T-KDP-2: the way of a request that names none and does not set omit-sms. */
  defaultWay: ConsentWay;
  /**
   * T-KDP-3: 'poll' answers a waiting request PENDING at once; 'wait' holds the SOAP answer until
   * the subject decides or waitMs of real time pass (then PENDING, and the initiator polls).
   */
  outcome: { mode: 'poll' | 'wait'; waitMs: number };
  /** T-KDP-5: how expiresIn is read; bounds and default are in that unit. */
  expiresIn: { unit: 's' | 'ms'; default: number; min: number; max: number };
  /** How long each waiting way waits for the subject (virtual ms). */
  pendingTtlMs: { sms: number; proactive: number; 'callcenter-1414': number };
  /** T-KDP-8: the initiator's security token. */
  ovt: {
    algorithms: string[];
    maxLifetimeSec: number;
    clockToleranceSec: number;
    /** `aud` the token must carry when it has one; {env} is replaced by test or prod. */
    audience: string;
    /**
     * false (default): the public shape (cbin, mcheck, iat, exp) is enough and sub, aud,
     * access_name, jti are checked only when present; true: those four are required too.
     */
    strict: boolean;
  };
  /** T-KDP-4: the access token. `iss` has {env} replaced. */
  token: { issuer: string; typ: string };
  /**
   * R7.5 leaves the code "numeric or alphanumeric": the one-time code of way 5, its alphabet and
   * length (mocks/sms/otp.ts; its lifetime is pendingTtlMs.sms).
   */
  smsCode: { alphabet: 'numeric' | 'alphanumeric'; length: number };
  /** Language of the SMS the state service sends (subjects carry no preference in the fixtures). */
  smsLanguage: Lang;
  /**
   * T-KDP-11: first word of a subject's SMS asking to revoke (compared upper-cased). Yes/no and
   * codes are read by the SMS gateway's own parser.
   */
  revokeKeywords: string[];
  /**
   * T-KDP-18: per subject (by phone, across initiators): consent requests waiting at once
   * (KDP-117), and requests, each an SMS to the subject, per minute of virtual time (KDP-118).
   */
  subjectLimits: { openRequests: number; smsPerMinute: number };
}

export const DEFAULT_KDP_PROFILE: KdpProfile = {
  version: PROFILE_VERSION,
  utcOffsetMinutes: KAZAKHSTAN_OFFSET_MINUTES,
  wayProperty: 'consentWay',
  wayElement: 'consentWay',
  groundProperty: 'article9Ground',
  groundElement: 'article9Ground',
  defaultWay: 'sms',
  outcome: { mode: 'poll', waitMs: 25_000 },
  // 157680000 is exactly five 365-day years in seconds: the strongest hint among the values seen.
  expiresIn: { unit: 's', default: 600, min: 60, max: 157_680_000 },
  pendingTtlMs: { sms: 5 * 60_000, proactive: 24 * 3_600_000, 'callcenter-1414': 24 * 3_600_000 },
  ovt: {
    algorithms: ['RS256', 'ES256'],
    maxLifetimeSec: 600,
    clockToleranceSec: 30,
    audience: 'urn:kdp-conformance:{env}:KDP_SERVICE',
    strict: false,
  },
  token: { issuer: 'urn:kdp-conformance:{env}:kdp', typ: 'kdp-access+jwt' },
  smsCode: { alphabet: 'numeric', length: 6 },
  smsLanguage: 'kk',
  revokeKeywords: ['ОТОЗВАТЬ', 'КЕРІ', 'КЕРИ', 'REVOKE'],
  subjectLimits: { openRequests: 3, smsPerMinute: 5 },
};

/** A profile with some values replaced; nested groups are merged one level deep. */
export function kdpProfile(patch: DeepPartial<KdpProfile> = {}): KdpProfile {
  const base = structuredClone(DEFAULT_KDP_PROFILE);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return out as unknown as KdpProfile;
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : Partial<T[K]>) : T[K];
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function forEnvironment(template: string, env: ShepEnvironment): string {
  return template.replaceAll('{env}', env);
}

/** expiresIn (in the profile's unit) to milliseconds. */
export function expiresInMs(profile: KdpProfile, value: number): number {
  return profile.expiresIn.unit === 's' ? value * 1000 : value;
}
