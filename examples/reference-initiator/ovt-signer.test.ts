import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, OVT_LIFETIME_SECONDS, OvtSigner, publicJwkOf } from './ovt-signer.ts';

// RSA keys take a while to generate: one for the file.
const rsa = generateSigningKey('RS256');

describe('OvtSigner', () => {
  it.each(['ES256', 'RS256'] as const)(
    'R2.8 T-KDP-8 signs %s with cbin, mcheck, iat, exp, jti, aud, sub, access_name; short and unique',
    async (alg) => {
      const key = alg === 'RS256' ? await rsa : await generateSigningKey(alg);
      const now = Date.UTC(2026, 2, 2, 5, 0, 0);
      const signer = new OvtSigner(key, { now: () => now, newId: () => crypto.randomUUID() });
      const binding = {
        bin: '110140252784',
        iin: '450630327387',
        accessName: 'MCDB_SERVICE',
        environment: 'prod' as const,
      };
      const [a, b] = [await signer.sign(binding), await signer.sign(binding)];
      const { payload, protectedHeader } = await jwtVerify(a!, await importJWK(publicJwkOf(key), alg), {
        currentDate: new Date(now),
      });
      expect(protectedHeader).toMatchObject({ alg, kid: key.kid });
      expect(payload).toMatchObject({
        cbin: '110140252784',
        mcheck: 'Bio',
        sub: '450630327387',
        access_name: 'MCDB_SERVICE',
        aud: 'urn:kdp-conformance:prod:KDP_SERVICE',
        iat: now / 1000,
        exp: now / 1000 + OVT_LIFETIME_SECONDS,
      });
      expect(OVT_LIFETIME_SECONDS).toBeLessThanOrEqual(600);
      const jtis = [a, b].map((t) => JSON.parse(Buffer.from(t!.split('.')[1]!, 'base64url').toString()).jti);
      expect(jtis[0]).not.toBe(jtis[1]);
    },
  );

  it('R10.2 publishes only the public half of the key', async () => {
    const key = await rsa;
    const jwk = publicJwkOf({ ...key, publicJwk: key.privateJwk });
    expect(jwk).toMatchObject({ kty: 'RSA', kid: key.kid, alg: 'RS256' });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(member);
  });
});
