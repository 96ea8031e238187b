import { isKdpRequest, perMessageCheck } from './per-message.ts';

/** access_name is a data service approved in the organisation's application (R7.0). */
export const kdpAccessName = perMessageCheck({
  name: 'kdp-access-name',
  summary: 'access_name is a data service approved for the organisation',
  noun: 'KDP_SERVICE requests',
  picks: (v) => isKdpRequest(v) && v.fields.access_name !== undefined,
  judge: (v, ctx) =>
    ctx.approvedServices.includes(v.fields.access_name!.trim())
      ? undefined
      : `access_name ${v.fields.access_name} is not approved (${ctx.approvedServices.join(', ')})`,
});
