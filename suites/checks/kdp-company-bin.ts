import { isKdpRequest, perMessageCheck } from './per-message.ts';

/** company_bin is the organisation's own BIN. */
export const kdpCompanyBin = perMessageCheck({
  name: 'kdp-company-bin',
  summary: "company_bin is the organisation's own BIN",
  noun: 'KDP_SERVICE requests',
  picks: (v) => isKdpRequest(v) && v.fields.company_bin !== undefined,
  judge: (v, ctx) =>
    v.fields.company_bin!.trim() === ctx.bin ? undefined : `company_bin ${v.fields.company_bin} is not ${ctx.bin}`,
});
