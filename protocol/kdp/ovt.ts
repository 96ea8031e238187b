import { CompactSign, importJWK, type JWK } from 'jose';

/**
 * The initiator's security token for own means (T-KDP-8), signed with the organisation's key
 * registered under R10.2: RS256 as seen in public integrator code (cbin, mcheck "Bio", iat, exp),
 * with the profile's binding claims. `claims` override or remove (undefined) the defaults, for
 * negative tests.
 */
export async function signOvt(
  key: { privateJwk: JWK; kid: string; alg: 'RS256' | 'ES256' },
  binding: { cbin: string; uin: string; accessName: string; audience: string; nowSec: number; jti: string },
  claims: Record<string, unknown> = {},
  lifetimeSec = 300,
): Promise<string> {
  const payload: Record<string, unknown> = {
    cbin: binding.cbin,
    mcheck: 'Bio',
    iat: binding.nowSec,
    exp: binding.nowSec + lifetimeSec,
    jti: binding.jti,
    aud: binding.audience,
    sub: binding.uin,
    access_name: binding.accessName,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  const privateKey = await importJWK(key.privateJwk, key.alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
    .sign(privateKey);
}
