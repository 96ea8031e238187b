import { SignJWT, generateKeyPair, exportJWK, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { ovtAlgorithm } from './ovt-algorithm.ts';
import { ovtClaims } from './ovt-claims.ts';
import { ovtLifetime } from './ovt-lifetime.ts';
import { ovtRecommendedClaims } from './ovt-recommended-claims.ts';
import { ovtSignature } from './ovt-signature.ts';
import { ovtUnique } from './ovt-unique.ts';

const OWN = 4; // the own-means request of the record
const ovtOf = (xml: string) => /<ovt>([^<]*)</.exec(xml)![1]!;

/** The recorded evidence with the own-means ovt replaced by one built here. */
async function withOvt(
  edit: (claims: Record<string, unknown>) => void,
  alg = 'ES256',
  key?: Parameters<SignJWT['sign']>[0],
) {
  const r = recorded();
  const x = r.exchanges[OWN]!;
  const claims = decodeJwt(ovtOf(x.request)) as Record<string, unknown>;
  edit(claims);
  const signingKey = key ?? (await generateKeyPair('ES256')).privateKey;
  const token = await new SignJWT(claims).setProtectedHeader({ alg }).sign(signingKey);
  x.request = x.request.replace(ovtOf(x.request), token);
  return { exchanges: r.exchanges, context: recordedContext(r) };
}

describe('T-INIT-13 R2.8 the own-means ovt', () => {
  it('passes the recorded ovt on every ovt check', async () => {
    for (const c of [ovtAlgorithm, ovtClaims, ovtRecommendedClaims, ovtLifetime, ovtUnique, ovtSignature])
      expect((await c.run(good())).status).toBe('PASSED');
  });
  it('ovt-algorithm fails HS256 and alg none', async () => {
    expect(ovtAlgorithm.run(await withOvt(() => {}, 'HS256', new TextEncoder().encode('k'.repeat(32)))).status).toBe(
      'FAILED',
    );
    const r = recorded();
    const x = r.exchanges[OWN]!;
    const [, payload] = ovtOf(x.request).split('.');
    x.request = x.request.replace(
      ovtOf(x.request),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`,
    );
    expect(ovtAlgorithm.run({ exchanges: r.exchanges, context: recordedContext(r) }).message).toContain('alg none');
  });
  it('ovt-claims fails a missing mcheck and a token bound to another subject', async () => {
    expect(ovtClaims.run(await withOvt((c) => delete c.mcheck)).message).toContain('mcheck');
    expect(ovtClaims.run(await withOvt((c) => (c.sub = '000000000000'))).message).toContain('sub');
    expect(ovtClaims.run(await withOvt((c) => (c.aud = 'urn:kdp-conformance:prod:KDP_SERVICE'))).message).toContain(
      'aud',
    );
  });
  it('ovt-claims accepts the public shape alone (cbin, mcheck, iat, exp), which the state service accepts', async () => {
    const bare = await withOvt((c) => {
      for (const k of ['sub', 'aud', 'access_name', 'jti']) delete c[k];
    });
    expect(ovtClaims.run(bare).status).toBe('PASSED');
  });
  it('ovt-recommended-claims fails a token without jti, and one without any binding claim, naming them', async () => {
    const noJti = ovtRecommendedClaims.run(await withOvt((c) => delete c.jti));
    expect(noJti.status).toBe('FAILED');
    expect(noJti.message).toContain('lacks jti');
    expect(noJti.evidence).toEqual([`x${OWN + 1}`]);
    const bare = await withOvt((c) => {
      for (const k of ['sub', 'aud', 'access_name']) c[k] = '';
    });
    expect(ovtRecommendedClaims.run(bare).message).toContain('lacks sub, aud, access_name');
  });
  it('ovt-lifetime fails a token living an hour', async () => {
    expect(ovtLifetime.run(await withOvt((c) => (c.exp = Number(c.iat) + 3600))).message).toContain('3600 s');
  });
  it('ovt-unique fails a replayed jti', async () => {
    const r = recorded();
    const replay = { ...r.exchanges[OWN]!, evidenceId: 'x50', at: r.exchanges[OWN]!.at + 1000 };
    expect(ovtUnique.run({ exchanges: [...r.exchanges, replay], context: recordedContext(r) }).status).toBe('FAILED');
  });
  it('R10.2 ovt-signature fails a token signed by a key that is not registered', async () => {
    expect((await ovtSignature.run(await withOvt(() => {}))).status).toBe('FAILED');
    const other = await generateKeyPair('ES256');
    const input = good();
    input.context.ovtKeys = [await exportJWK(other.publicKey)];
    expect((await ovtSignature.run(input)).status).toBe('FAILED');
  });
});

describe('T-INIT-13 ovt-unique after a transient fault', () => {
  it('lets a retry carry the ovt of a message the gateway faulted (Server), never one the state service saw', () => {
    const r = recorded();
    const faulted = { ...r.exchanges[OWN]!, evidenceId: 'x40', outcome: 'ESYS001', response: r.exchanges[7]!.response };
    const ok = ovtUnique.run({ exchanges: [faulted, ...r.exchanges], context: recordedContext(r) });
    expect(ok.status).toBe('PASSED');
  });
});
