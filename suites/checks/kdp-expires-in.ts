import { isKdpRequest, perMessageCheck } from './per-message.ts';

/** expiresIn, when sent, is a whole number within the profile's bounds. */
export const kdpExpiresIn = perMessageCheck({
  name: 'kdp-expires-in',
  summary: "expiresIn a whole number within the profile's bounds",
  noun: 'KDP_SERVICE requests with expiresIn',
  picks: (v) => isKdpRequest(v) && v.fields.expiresIn !== undefined,
  judge(v, ctx) {
    const raw = v.fields.expiresIn!.trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw)) return `expiresIn "${raw}" is not a whole number`;
    if (n < ctx.expiresIn.min || n > ctx.expiresIn.max)
      return `expiresIn ${n} is outside ${ctx.expiresIn.min}…${ctx.expiresIn.max}`;
    return undefined;
  },
});
