import { isDataService, peekJwt } from '../exchange.ts';
import { perMessageCheck } from './per-message.ts';

/** A token is used for its own subject (sub) and data service (aud) only. */
export const tokenBound = perMessageCheck({
  name: 'token-bound',
  summary: 'a token is used only for its subject (sub = iin) and its data service (aud = serviceId)',
  noun: 'data-service calls',
  picks: (v) => isDataService(v.x.service) && v.fields.kdpToken !== undefined,
  judge(v) {
    const jwt = peekJwt(v.fields.kdpToken!.trim());
    if (!jwt) return 'kdpToken is not a JWT';
    const { sub, aud } = jwt.claims;
    if (sub !== v.fields.iin?.trim())
      return `token of subject …${String(sub).slice(-4)} used for …${(v.fields.iin ?? '').slice(-4)}`;
    const auds = [aud].flat();
    if (!auds.includes(v.x.service)) return `token for ${auds.join(',')} used on ${v.x.service}`;
    return undefined;
  },
});
