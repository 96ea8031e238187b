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
