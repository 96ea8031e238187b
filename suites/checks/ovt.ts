import { peekJwt, view, type ExchangeView } from '../exchange.ts';
import { isKdpRequest } from './per-message.ts';
import type { ExchangesInput } from './context.ts';

/** The own-means requests that carry a security token, with it read (not verified). */
export function ovtRequests(
  input: ExchangesInput,
): { v: ExchangeView; token: string; jwt: ReturnType<typeof peekJwt> }[] {
  return input.exchanges
    .map(view)
    .filter((v) => isKdpRequest(v) && v.fields.ovt !== undefined && v.fields.ovt.trim() !== '')
    .map((v) => ({ v, token: v.fields.ovt!.trim(), jwt: peekJwt(v.fields.ovt!.trim()) }));
}

export const OVT_ALGORITHMS = ['RS256', 'ES256'];
export const OVT_MAX_LIFETIME_SEC = 600;
export const OVT_CLOCK_TOLERANCE_SEC = 30;

/** The public shape of an ovt (REAL-SYSTEMS.md): the state service refuses a token without these. */
export const OVT_PUBLIC_CLAIMS = ['cbin', 'mcheck', 'iat', 'exp'] as const;

/**
 * The claims the profile recommends on top (docs/profile.md § Refused or only flagged): they bind
 * the token to one subject, data service and environment and make a replay detectable. Required
 * only by a strict profile (`kdp.ovt.strict`).
 */
export const OVT_RECOMMENDED_CLAIMS = ['sub', 'aud', 'access_name', 'jti'] as const;

/** The claims of `names` a payload lacks (absent, null or an empty string), in `names` order. */
export function missingClaims(payload: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((k) => {
    const v = payload[k];
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  });
}
