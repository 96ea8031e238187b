import { groundOf, wayOf } from '../exchange.ts';
import { isKdpRequest, perMessageCheck } from './per-message.ts';

/** R7.4: notification names an approved Article 9 ground; no other way sends one. */
export const notificationGround = perMessageCheck({
  name: 'notification-ground',
  summary: 'notification requests name an approved Article 9 ground; other ways none',
  noun: 'KDP_SERVICE requests',
  picks: (v) => isKdpRequest(v) && v.fields.uin !== undefined,
  judge(v, ctx) {
    const way = wayOf(v);
    const ground = groundOf(v);
    if (way !== 'notification') return ground ? `way ${way} sends Article 9 ground ${ground}` : undefined;
    if (!ground) return 'a notification without an Article 9 ground';
    return ctx.approvedGrounds.includes(ground) ? undefined : `Article 9 ground ${ground} is not approved`;
  },
});
