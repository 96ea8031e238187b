import { element as leaf } from '../xml/build.ts';

/**
 * KDP_LIST_TO_REVOKE and KDP_SEND_SOLUTION (T-KDP-11). The service ids are real (REAL-SYSTEMS.md);
 * their fields are not public, so these are the profile's (docs/kdp.md).
 */
export interface RevocationMessage {
  request_id: string;
  uin: string;
  access_name: string;
  token_ref: string;
  /** yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm. */
  request_date: string;
  channel: string;
}

export function listToRevokeResponseXml(pending: readonly RevocationMessage[]): string {
  return (
    leaf('count', String(pending.length)) +
    pending
      .map(
        (r) =>
          '<request>' +
          leaf('request_id', r.request_id) +
          leaf('uin', r.uin) +
          leaf('access_name', r.access_name) +
          leaf('token_ref', r.token_ref) +
          leaf('request_date', r.request_date) +
          leaf('channel', r.channel) +
          '</request>',
      )
      .join('')
  );
}

/** KDP_SEND_SOLUTION's answer: request_id and the decided status. */
export function sendSolutionResponseXml(requestId: string, status: string): string {
  return leaf('request_id', requestId) + leaf('status', status);
}
