import { isDataService, peekJwt } from '../exchange.ts';
import { perMessageCheck } from './per-message.ts';

/** A token is not presented once its exp has passed (the SUT knows exp: it is in the token). */
export const tokenNotExpired = perMessageCheck({
  name: 'token-not-expired',
  summary: 'no token presented after its exp',
  noun: 'data-service calls',
  picks: (v) => isDataService(v.x.service) && peekJwt(v.fields.kdpToken?.trim()) !== undefined,
  judge(v) {
    const exp = Number(peekJwt(v.fields.kdpToken!.trim())!.claims.exp);
    if (!Number.isFinite(exp)) return undefined;
    return v.x.at >= exp * 1000
      ? `presented ${Math.round((v.x.at - exp * 1000) / 1000)} s after it expired`
      : undefined;
  },
});
