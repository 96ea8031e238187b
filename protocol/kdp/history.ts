import { element as leaf } from '../xml/build.ts';

/**
 * KDP_PERSONALDATA (T-KDP-10): uin, start_date, end_date → uin and one r_pdata per record. The
 * request's names are the real ones (REAL-SYSTEMS.md); the record's children are the profile's.
 */
export interface AccessRecordMessage {
  /** yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm (protocol/dates.ts formatShepDate). */
  date: string;
  event: string;
  company: string;
  company_bin: string;
  employee_name: string;
  access_name: string;
  personal_data_name: string;
  way: string;
  ground?: string;
  mcheck?: string;
  token_ref?: string;
}

function recordXml(r: AccessRecordMessage): string {
  return (
    '<r_pdata>' +
    leaf('date', r.date) +
    leaf('event', r.event) +
    leaf('company', r.company) +
    leaf('company_bin', r.company_bin) +
    leaf('employee_name', r.employee_name) +
    leaf('access_name', r.access_name) +
    leaf('personal_data_name', r.personal_data_name) +
    leaf('way', r.way) +
    (r.ground ? leaf('ground', r.ground) : '') +
    (r.mcheck ? leaf('mcheck', r.mcheck) : '') +
    (r.token_ref ? leaf('token_ref', r.token_ref) : '') +
    '</r_pdata>'
  );
}

export function personalDataResponseXml(uin: string, records: readonly AccessRecordMessage[]): string {
  return leaf('uin', uin) + records.map(recordXml).join('');
}
