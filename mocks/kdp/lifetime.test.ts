import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserDataRequestFields } from '../../protocol/kdp/index.ts';
import { DEFAULT_KDP_PROFILE, type DeepPartial, type KdpProfile } from './profile.ts';
import { createKdpKit, type KdpKit } from './testing.ts';

/**
 * T-KDP-5: how expiresIn becomes the access token's lifetime. The notification way approves at once,
 * so each request's answer carries the token to measure.
 */

let kit: KdpKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function lifetimeSec(k: KdpKit, fields: Partial<UserDataRequestFields>): Promise<number> {
  const r = await k.consent(k.org('notifying-state-body'), k.subject(5), fields, {
    properties: { consentWay: 'notification', article9Ground: 'art9-1' },
  });
  expect(r.status).toBe('APPROVED');
  const { iat, exp } = decodeJwt(r.code!);
  const record = (await k.state.tokens.records.find({ where: { requestId: r.requestId! } }))[0]!;
  // The record the data services check agrees with the token's own claims.
  expect(record.expiresAt - record.issuedAt).toBe((exp! - iat!) * 1000);
  return exp! - iat!;
}

function refused(k: KdpKit, expiresIn: number | string) {
  return expect(
    k.consent(
      k.org('notifying-state-body'),
      k.subject(5),
      { expiresIn },
      { properties: { consentWay: 'notification', article9Ground: 'art9-1' } },
    ),
  ).rejects.toMatchObject({ errorCode: 'KDP-105' });
}

async function withProfile(profile: DeepPartial<KdpProfile> = {}): Promise<KdpKit> {
  kit = await createKdpKit({ profile });
  return kit;
}

describe('the access token lifetime (T-KDP-5, R2.8)', () => {
  it('T-KDP-5 R2.8 expiresIn is read in seconds: absent gives the default, 60 gives 60 s, the bounds themselves are taken', async () => {
    const k = await withProfile();
    const { default: byDefault, min, max } = DEFAULT_KDP_PROFILE.expiresIn;
    expect(DEFAULT_KDP_PROFILE.expiresIn.unit).toBe('s');
    expect(await lifetimeSec(k, { expiresIn: undefined })).toBe(byDefault);
    expect(await lifetimeSec(k, { expiresIn: 60 })).toBe(60);
    expect(await lifetimeSec(k, { expiresIn: min })).toBe(min);
    expect(await lifetimeSec(k, { expiresIn: max })).toBe(max);
  });

  it('T-KDP-5 R2.8 outside the bounds, or not a whole number, it is refused with KDP-105', async () => {
    const k = await withProfile();
    const { min, max } = DEFAULT_KDP_PROFILE.expiresIn;
    await refused(k, min - 1);
    await refused(k, max + 1);
    await refused(k, 0);
    await refused(k, '60.5');
    await refused(k, '-60');
    await refused(k, 'PT1H');
  });

  it("T-KDP-5 R2.8 the default is the profile's", async () => {
    const k = await withProfile({ expiresIn: { default: 900 } });
    expect(await lifetimeSec(k, { expiresIn: undefined })).toBe(900);
  });

  it('T-KDP-5 R2.8 a profile in milliseconds reads expiresIn, its bounds and its default in ms', async () => {
    const k = await withProfile({ expiresIn: { unit: 'ms', default: 120_000, min: 60_000, max: 3_600_000 } });
    expect(await lifetimeSec(k, { expiresIn: undefined })).toBe(120);
    expect(await lifetimeSec(k, { expiresIn: 90_000 })).toBe(90);
    // Part of a second is rounded up: the token never lives shorter than asked.
    expect(await lifetimeSec(k, { expiresIn: 60_500 })).toBe(61);
    // 600 is ten minutes in seconds but 0.6 s in ms: under this profile's minimum.
    await refused(k, 600);
    await refused(k, 3_600_001);
  });
});
