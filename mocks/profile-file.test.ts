import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCores } from './compose.ts';
import { DEFAULT_KDP_PROFILE } from './kdp/profile.ts';
import { parseProfileFile, PROFILE_FILE_SCHEMA, ProfileFileError, readProfileFile } from './profile-file.ts';
import { PROFILE_VERSION } from './profile.ts';

describe('up --profile FILE (docs/profile.md)', () => {
  it('maps every group to the environment options', () => {
    const parsed = parseProfileFile(
      JSON.stringify({
        version: PROFILE_VERSION,
        utcOffsetMinutes: 360,
        shep: { wsSecurity: 'required', strictMessageDate: true, xmlLimits: { maxDepth: 32 } },
        kdp: { ovt: { strict: true }, expiresIn: { unit: 'ms', min: 60_000 }, defaultWay: 'callcenter-1414' },
        smartBridge: { reviewWorkingDays: 5 },
      }),
    );
    expect(parsed).toEqual({
      utcOffsetMinutes: 360,
      shep: { wsSecurity: 'required', strictMessageDate: true, xmlLimits: { maxDepth: 32 } },
      profile: { ovt: { strict: true }, expiresIn: { unit: 'ms', min: 60_000 }, defaultWay: 'callcenter-1414' },
      smartBridge: { profile: { reviewWorkingDays: 5 } },
    });
  });

  it('covers every setting of the state service profile', () => {
    const kdp = (PROFILE_FILE_SCHEMA.properties.kdp as { properties: Record<string, unknown> }).properties;
    const settable = Object.keys(DEFAULT_KDP_PROFILE).filter((k) => k !== 'version' && k !== 'utcOffsetMinutes');
    expect(settable.filter((k) => !(k in kdp))).toEqual([]);
  });

  it('names the path of every bad value, and the file', () => {
    const bad = (value: unknown) => () => parseProfileFile(JSON.stringify(value), 'p.json');
    expect(bad({ kdp: { ovt: { maxLifetimeSec: -5 } } })).toThrow(/^p\.json: \/kdp\/ovt\/maxLifetimeSec must be >= 1/);
    expect(bad({ utcOffsetMinutes: 420 })).toThrow(
      /\/utcOffsetMinutes must be equal to one of the allowed values: 300, 360/,
    );
    expect(bad({ kdp: { ovt: { stricter: true } } })).toThrow(/\/kdp\/ovt\/stricter is not a setting of the profile/);
    expect(bad({ version: '1.0.0' })).toThrow(/\/version must be equal to constant/);
    expect(bad({ shep: { wsSecurity: 'maybe' }, kdp: { defaultWay: 'pigeon' } })).toThrow(
      /\/shep\/wsSecurity .*; \/kdp\/defaultWay/,
    );
    expect(bad({ kdp: { expiresIn: { min: 10, max: 5 } } })).toThrow(ProfileFileError);
    expect(() => parseProfileFile('{', 'p.json')).toThrow(/^p\.json: not JSON/);
    expect(() => readProfileFile('/nonexistent/profile.json')).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('reaches the cores: the offset, the strict ovt and the review period apply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-profile-'));
    const file = join(dir, 'profile.json');
    writeFileSync(
      file,
      JSON.stringify({ utcOffsetMinutes: 360, kdp: { ovt: { strict: true } }, smartBridge: { reviewWorkingDays: 7 } }),
    );
    const cores = await buildCores({ subjects: 2, ...readProfileFile(file) });
    try {
      expect(cores.kdp.state.profile.utcOffsetMinutes).toBe(360);
      expect(cores.kdp.state.profile.ovt.strict).toBe(true);
      expect(cores.kdp.state.profile.ovt.algorithms).toEqual(['RS256', 'ES256']);
      expect(cores.smartBridge.profile.reviewWorkingDays).toBe(7);
      expect(cores.smartBridge.profile.utcOffsetMinutes).toBe(360);
    } finally {
      await cores.close();
    }
  });
});
