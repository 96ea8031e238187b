import { perMessageCheck } from './per-message.ts';

/** R12: the test sender on test, the production sender on production, never crossed. */
export const environmentCredential = perMessageCheck({
  name: 'environment-credential',
  summary: "each environment addressed with its own sender credential, never the other environment's",
  noun: 'messages',
  picks: (v) => v.x.environment !== undefined && v.info !== undefined,
  judge(v, ctx) {
    const env = v.x.environment!;
    const other = env === 'test' ? 'prod' : 'test';
    const sender = v.info!.sender.senderId;
    if (ctx.senders[env].includes(sender)) return undefined;
    if (ctx.senders[other].includes(sender)) return `the ${other} credential ${sender} was used on ${env}`;
    return `sender ${sender} is not a credential issued to the organisation for ${env}`;
  },
});
