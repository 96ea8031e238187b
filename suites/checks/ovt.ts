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

/**
 * The public shape of an ovt (cbin, mcheck, iat, exp: the state service refuses a token without
 * them), the claims the profile only recommends (sub, aud, access_name, jti: flagged, required by
 * a strict profile; docs/profile.md § Refused or only flagged), and what a payload lacks of either:
 * the state service's own lists, so the harness and the mock cannot disagree.
 */
export { missingOvtClaims as missingClaims, missingRecommendedOvtClaims, OVT_PUBLIC_CLAIMS } from '../wire.ts';
