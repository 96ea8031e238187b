import { SignJWT, generateKeyPair, exportJWK } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixtureSet, Organisation } from '../../fixtures/types.ts';
import { organisationFor } from '../../fixtures/index.ts';
import type { VirtualClock } from '../clock/clock.ts';
import { FixtureIntegrationRegistry } from '../integration/fixture-registry.ts';
import type { IntegrationGrant } from '../integration/grant.ts';
import type { Runtime } from '../runtime.ts';
import { testRuntime } from '../testing.ts';
import {
  missingRecommendedOvtClaims,
  OVT_PUBLIC_CLAIMS,
  OVT_RECOMMENDED_CLAIMS,
  signOvt,
} from '../../protocol/kdp/index.ts';
import { OvtVerifier, REQUIRED_OVT_CLAIMS, STRICT_OVT_CLAIMS, type OvtBinding } from './ovt.ts';
import { DEFAULT_KDP_PROFILE, kdpProfile } from './profile.ts';
import { testFixtures } from './testing.ts';

const AUD = 'urn:kdp-conformance:test:KDP_SERVICE';
const SERVICE = 'GBDFLUniversal_token';

let set: FixtureSet;
let bank: Organisation;
let other: Organisation;
let grant: IntegrationGrant;
let rt: Runtime & { clock: VirtualClock };
let ovt: OvtVerifier;
let n = 0;

beforeAll(async () => {
  set = await testFixtures();
  bank = organisationFor(set, 'bank')!;
  other = organisationFor(set, 'own-means-company')!;
  grant = (await new FixtureIntegrationRegistry(set).grantFor(bank.bin, 'test'))!;
});
beforeEach(() => {
  rt = testRuntime(5);
  ovt = new OvtVerifier(rt, DEFAULT_KDP_PROFILE);
});
afterEach(async () => {
  await rt.store.close();
});

const uin = () => set.subjects[0]!.iin;
const nowSec = () => Math.floor(rt.clock.nowMs() / 1000);
const binding = (over: Partial<OvtBinding> = {}): OvtBinding => ({
  environment: 'test',
  companyBin: bank.bin,
  uin: uin(),
  accessName: SERVICE,
  grant,
  ...over,
});

function sign(
  org: Organisation,
  claims: Record<string, unknown> = {},
  opts: { alg?: 'RS256' | 'ES256'; lifetime?: number } = {},
) {
  const alg = opts.alg ?? 'RS256';
  const key = alg === 'RS256' ? org.keys.rsa : org.keys.ec;
  return signOvt(
    { privateJwk: key.privateJwk, kid: key.kid, alg },
    { cbin: org.bin, uin: uin(), accessName: SERVICE, audience: AUD, nowSec: nowSec(), jti: `jti-${++n}` },
    claims,
    opts.lifetime,
  );
}

function refused(p: Promise<unknown>, errorCode: string) {
  return expect(p).rejects.toMatchObject({ code: errorCode });
}

describe('the security token ovt (R2.8, R7.2, R10.2, T-KDP-8)', () => {
  it('R10.2 signed RS256 or ES256 by a registered key, with every claim: accepted', async () => {
    await expect(ovt.verify(await sign(bank), binding())).resolves.toMatchObject({ cbin: bank.bin, mcheck: 'Bio' });
    await expect(ovt.verify(await sign(bank, {}, { alg: 'ES256' }), binding())).resolves.toBeDefined();
  });

  it('R2.8 missing', async () => {
    await refused(ovt.verify(undefined, binding()), 'KDP-200');
  });

  it("R10.2 signed by a key not registered for the organisation (another organisation's, or a fresh one claiming a registered kid)", async () => {
    await refused(ovt.verify(await sign(other, { cbin: bank.bin }), binding()), 'KDP-201');
    const fresh = await generateKeyPair('RS256', { extractable: true });
    const forged = await signOvt(
      { privateJwk: await exportJWK(fresh.privateKey), kid: bank.keys.rsa.kid, alg: 'RS256' },
      { cbin: bank.bin, uin: uin(), accessName: SERVICE, audience: AUD, nowSec: nowSec(), jti: 'forged' },
    );
    await refused(ovt.verify(forged, binding()), 'KDP-201');
  });

  it('R10.2 no key registered at all', async () => {
    await refused(ovt.verify(await sign(bank), binding({ grant: { ...grant, ovtKeys: [] } })), 'KDP-201');
  });

  it('R2.8 tampered', async () => {
    const [h, p, s] = (await sign(bank)).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, mcheck: 'None' })).toString('base64url');
    await refused(ovt.verify(`${h}.${tampered}.${s}`, binding()), 'KDP-201');
  });

  it('R2.8 alg none', async () => {
    const [, p] = (await sign(bank)).split('.');
    await refused(ovt.verify(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`, binding()), 'KDP-201');
  });

  it('R2.8 HS256 keyed with the registered public key', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(bank.keys.rsa.publicJwk));
    const hs = await new SignJWT({
      cbin: bank.bin,
      mcheck: 'Bio',
      jti: 'hs',
      sub: uin(),
      aud: AUD,
      access_name: SERVICE,
    })
      .setProtectedHeader({ alg: 'HS256', kid: bank.keys.rsa.kid })
      .setIssuedAt(nowSec())
      .setExpirationTime(nowSec() + 60)
      .sign(secret);
    await refused(ovt.verify(hs, binding()), 'KDP-201');
  });

  it('R2.8 expired, not yet valid, or living too long', async () => {
    const token = await sign(bank);
    rt.clock.advance(301_000 + DEFAULT_KDP_PROFILE.ovt.clockToleranceSec * 1000);
    await refused(ovt.verify(token, binding()), 'KDP-202');
    await refused(ovt.verify(await sign(bank, { iat: nowSec() + 600, exp: nowSec() + 700 }), binding()), 'KDP-202');
    await refused(ovt.verify(await sign(bank, {}, { lifetime: 3600 }), binding()), 'KDP-202');
  });

  it('R2.8 replayed: the same jti twice', async () => {
    const token = await sign(bank);
    await ovt.verify(token, binding());
    await refused(ovt.verify(token, binding()), 'KDP-203');
  });

  it('R2.8 a refused copy does not spend the jti', async () => {
    const token = await sign(bank);
    await refused(ovt.verify(token, binding({ accessName: 'MCDB_SERVICE' })), 'KDP-204');
    await expect(ovt.verify(token, binding())).resolves.toBeDefined();
  });

  it('R2.8 mis-bound: another BIN, subject, data service or environment', async () => {
    await refused(ovt.verify(await sign(bank, { cbin: other.bin }), binding()), 'KDP-204');
    await refused(ovt.verify(await sign(bank, { sub: set.subjects[1]!.iin }), binding()), 'KDP-204');
    await refused(ovt.verify(await sign(bank, { access_name: 'MCDB_SERVICE' }), binding()), 'KDP-204');
    await refused(ovt.verify(await sign(bank, { aud: 'urn:kdp-conformance:prod:KDP_SERVICE' }), binding()), 'KDP-204');
  });

  it('T-KDP-8 each claim of the public shape is required, all missing named in one refusal', async () => {
    for (const claim of ['cbin', 'mcheck', 'iat', 'exp']) {
      await expect(ovt.verify(await sign(bank, { [claim]: undefined }), binding())).rejects.toMatchObject({
        code: 'KDP-205',
        detail: `missing: ${claim}`,
      });
    }
    await refused(ovt.verify(await sign(bank, { mcheck: ' ' }), binding()), 'KDP-205');
    await expect(
      ovt.verify(await sign(bank, { cbin: undefined, mcheck: '', jti: undefined }), binding()),
    ).rejects.toMatchObject({ code: 'KDP-205', detail: 'missing: cbin, mcheck' });
  });

  it('T-KDP-8 the public shape (RS256: cbin, mcheck, iat, exp only) is accepted by default', async () => {
    const publicShape = await sign(bank, { sub: undefined, aud: undefined, access_name: undefined, jti: undefined });
    const claims = await ovt.verify(publicShape, binding());
    expect(Object.keys(claims).sort()).toEqual(['cbin', 'exp', 'iat', 'mcheck']);
    expect(missingRecommendedOvtClaims(publicShape)).toEqual(['sub', 'aud', 'access_name', 'jti']);
    expect(missingRecommendedOvtClaims(await sign(bank))).toEqual([]);
    expect(missingRecommendedOvtClaims(await sign(bank, { aud: undefined, jti: '' }))).toEqual(['aud', 'jti']);
  });

  it('T-KDP-8 the state service and the client-side helper name the same claims', () => {
    expect([...REQUIRED_OVT_CLAIMS]).toEqual([...OVT_PUBLIC_CLAIMS]);
    expect([...STRICT_OVT_CLAIMS]).toEqual([...OVT_RECOMMENDED_CLAIMS]);
  });

  it('T-KDP-8 strict profile: every recommended claim required too, all named in one refusal', async () => {
    const strict = new OvtVerifier(rt, kdpProfile({ ovt: { strict: true } }));
    const publicShape = await sign(bank, { sub: undefined, aud: undefined, access_name: undefined, jti: undefined });
    await expect(strict.verify(publicShape, binding())).rejects.toMatchObject({
      code: 'KDP-205',
      detail: 'missing: sub, aud, access_name, jti',
    });
    await expect(strict.verify(await sign(bank), binding())).resolves.toBeDefined();
  });
});
