import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { CONSENT_WAYS } from '../protocol/kdp/ways.ts';
import type { DeepPartial, KdpProfile } from './kdp/profile.ts';
import { PROFILE_VERSION } from './profile.ts';

/**
 * `up --profile FILE`: the profile's knobs (docs/profile.md, "configurable through") as one JSON
 * file, validated against PROFILE_FILE_SCHEMA before anything starts. Every key is optional; what
 * is left out keeps the default. An error names the JSON pointer of the bad value.
 */
const int = (minimum: number, maximum = Number.MAX_SAFE_INTEGER) => ({ type: 'integer', minimum, maximum }) as const;
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const obj = (properties: Record<string, unknown>) =>
  ({ type: 'object', additionalProperties: false, properties }) as const;

export const PROFILE_FILE_SCHEMA = obj({
  $schema: { type: 'string' },
  version: { const: PROFILE_VERSION },
  utcOffsetMinutes: { enum: [300, 360] },
  shep: obj({
    wsSecurity: { enum: ['off', 'verify', 'required'] },
    strictMessageDate: { type: 'boolean' },
    serviceTimeoutMs: int(1, 600_000),
    xmlLimits: obj({
      maxBytes: int(1024, 64 * 1024 * 1024),
      maxDepth: int(4, 10_000),
      maxElements: int(10, 10_000_000),
      maxAttributes: int(1, 10_000),
      maxAttributeLength: int(1, 64 * 1024 * 1024),
      maxTextLength: int(1, 64 * 1024 * 1024),
    }),
  }),
  kdp: obj({
    wayProperty: text,
    wayElement: text,
    groundProperty: text,
    groundElement: text,
    defaultWay: { enum: [...CONSENT_WAYS] },
    outcome: obj({ mode: { enum: ['poll', 'wait'] }, waitMs: int(0, 600_000) }),
    expiresIn: obj({ unit: { enum: ['s', 'ms'] }, default: int(1), min: int(1), max: int(1) }),
    pendingTtlMs: obj({ sms: int(1000), proactive: int(1000), 'callcenter-1414': int(1000) }),
    ovt: obj({
      algorithms: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['RS256', 'ES256'] } },
      maxLifetimeSec: int(1, 86_400),
      clockToleranceSec: int(0, 3600),
      audience: text,
      strict: { type: 'boolean' },
    }),
    token: obj({ issuer: text, typ: text }),
    smsLanguage: { enum: ['kk', 'ru'] },
    revokeKeywords: { type: 'array', minItems: 1, items: text },
    subjectLimits: obj({ openRequests: int(1, 1000), smsPerMinute: int(1, 10_000) }),
    // T-SMS-1: numeric or alphanumeric one-time codes of 4–12 characters.
    smsCode: obj({ alphabet: { enum: ['numeric', 'alphanumeric'] }, length: int(4, 12) }),
  }),
  smartBridge: obj({
    reviewWorkingDays: int(1, 250),
    maxPeriodDays: int(1, 36_500),
  }),
});

export class ProfileFileError extends Error {}

/** What the file sets, as createEnvironment options (CoresConfig's utcOffsetMinutes, shep, profile, smartBridge). */
export interface ProfileFile {
  utcOffsetMinutes?: number;
  shep?: {
    wsSecurity?: 'off' | 'verify' | 'required';
    strictMessageDate?: boolean;
    serviceTimeoutMs?: number;
    xmlLimits?: {
      maxBytes?: number;
      maxDepth?: number;
      maxElements?: number;
      maxAttributes?: number;
      maxAttributeLength?: number;
      maxTextLength?: number;
    };
  };
  profile?: DeepPartial<KdpProfile>;
  smartBridge?: { profile: { reviewWorkingDays?: number; maxPeriodDays?: number } };
}

const validate = new Ajv({ allErrors: true, strict: true }).compile(PROFILE_FILE_SCHEMA);

/** The file's settings as createEnvironment options; a ProfileFileError names the file and each bad value's path. */
export function parseProfileFile(json: string, file = 'profile'): ProfileFile {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new ProfileFileError(`${file}: not JSON: ${(err as Error).message}`);
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      const at = `${e.instancePath}${extra ? `/${extra}` : ''}` || '/';
      return `${at} ${extra ? 'is not a setting of the profile' : e.message}${e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : ''}`;
    });
    throw new ProfileFileError(`${file}: ${problems.join('; ')}`);
  }
  const v = value as {
    utcOffsetMinutes?: number;
    shep?: ProfileFile['shep'];
    kdp?: ProfileFile['profile'];
    smartBridge?: { reviewWorkingDays?: number; maxPeriodDays?: number };
  };
  const expiresIn = v.kdp?.expiresIn;
  if (expiresIn?.min !== undefined && expiresIn.max !== undefined && expiresIn.min > expiresIn.max)
    throw new ProfileFileError(`${file}: /kdp/expiresIn/min is above /kdp/expiresIn/max`);
  return {
    ...(v.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: v.utcOffsetMinutes } : {}),
    ...(v.shep ? { shep: v.shep } : {}),
    ...(v.kdp ? { profile: v.kdp } : {}),
    ...(v.smartBridge ? { smartBridge: { profile: v.smartBridge } } : {}),
  };
}

export function readProfileFile(path: string): ProfileFile {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileFileError(
      `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return parseProfileFile(json, path);
}
