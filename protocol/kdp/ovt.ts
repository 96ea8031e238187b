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

/** Claims public integrator code puts in an ovt (REAL-SYSTEMS.md): the mock requires these. */
export const OVT_PUBLIC_CLAIMS = ['cbin', 'mcheck', 'iat', 'exp'] as const;

/**
 * Claims the profile recommends on top (T-KDP-8): they bind the token to one subject, data service
 * and environment and make a replay detectable. Required only when the profile's `ovt.strict` is set.
 */
export const OVT_RECOMMENDED_CLAIMS = ['sub', 'aud', 'access_name', 'jti'] as const;

/**
 * The recommended claims an ovt lacks, in OVT_RECOMMENDED_CLAIMS order: pure, no signature check
 * (the harness flags each as a WARNING). Takes the compact JWT or its decoded payload; a token whose
 * payload cannot be read lacks them all.
 */
export function missingRecommendedOvtClaims(token: string | Record<string, unknown>): string[] {
  const payload = typeof token === 'string' ? decodePayload(token) : token;
  return OVT_RECOMMENDED_CLAIMS.filter((c) => !present(payload?.[c]));
}

/** Every claim of `names` that is absent, null or an empty string. */
export function missingOvtClaims(payload: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((c) => !present(payload[c]));
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
