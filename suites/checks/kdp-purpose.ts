import { isKdpRequest, perMessageCheck } from './per-message.ts';

/** Placeholders a subject cannot act on: the SMS shows personal_data_name to the person asked. */
const PLACEHOLDERS =
  /^(test\w*|тест\w*|data|personal data|персональные данные|дербес деректер|n\/?a|none|null|undefined|-+|x+|\.+|\?+|string)$/i;

/** personal_data_name says what the data are for, in words the subject can read. */
export const kdpPurpose = perMessageCheck({
  name: 'kdp-purpose',
  summary: 'personal_data_name is meaningful to the subject (not empty, a placeholder or the service id)',
  noun: 'KDP_SERVICE requests',
  picks: (v) => isKdpRequest(v) && v.fields.uin !== undefined,
  judge(v) {
    const p = (v.fields.personal_data_name ?? '').trim();
    if (p.length < 5) return `personal_data_name "${p}" is too short to tell the subject anything`;
    if (PLACEHOLDERS.test(p)) return `personal_data_name "${p}" is a placeholder`;
    if (p === v.fields.access_name?.trim()) return 'personal_data_name only repeats access_name';
    if (!/\p{L}{3}/u.test(p)) return `personal_data_name "${p}" holds no word`;
    return undefined;
  },
});
