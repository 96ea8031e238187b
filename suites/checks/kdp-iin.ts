import { isDataService } from '../exchange.ts';
import { isValidIin } from '../wire.ts';
import { perMessageCheck } from './per-message.ts';

/** uin (KDP_SERVICE) and iin (data services) are valid IINs: the SUT checks before it asks. */
export const kdpIin = perMessageCheck({
  name: 'kdp-iin',
  summary: 'uin / iin is a valid IIN (12 digits, date, century, check digit)',
  noun: 'requests naming a subject',
  picks: (v) =>
    (v.x.service === 'KDP_SERVICE' && v.fields.uin !== undefined) ||
    (isDataService(v.x.service) && v.fields.iin !== undefined),
  judge(v) {
    const iin = v.x.service === 'KDP_SERVICE' ? v.fields.uin! : v.fields.iin!;
    return isValidIin(iin.trim()) ? undefined : `"${iin}" is not a valid IIN`;
  },
});
