import type { Subject } from '../../fixtures/types.ts';
import { validateIin } from '../../protocol/identifiers/iin.ts';
import type { KdpCaller } from '../kdp/ports.ts';
import type { KdpState } from '../kdp/state.ts';
import { dataServiceError } from './errors.ts';

/**
 * Data services behind SHEP that hold personal data of state informatization objects (R3): they
 * release a record only against a state-service token bound to that subject, initiator, service
 * and environment, unexpired and unrevoked, verified with the state service's own key (T-KDP-9).
 * Transport-free: soap.ts reads the request (protocol/kdp/data-services.ts) and writes the answer.
 */
export const DATA_SERVICE_IDS = {
  gbdfl: 'GBDFLUniversal_token',
  mcdb: 'MCDB_SERVICE',
  affilFace: 'GbdulAffilFace_KDP',
} as const;

/** A data service's request, as its adapter read it (the real GBDFLUniversal_token field names). */
export interface TokenDataRequestFields {
  messageId?: string;
  messageDate?: string;
  senderCode?: string;
  iin?: string;
  kdpToken?: string;
  publicKey?: string;
  tokens?: { code?: string; publicKey?: string }[];
}

export interface AdmittedRequest {
  messageId: string;
  iin: string;
  subject: Subject;
}

const MAX_TEXT = 255;

function required(r: TokenDataRequestFields, name: 'messageId' | 'messageDate' | 'senderCode' | 'iin'): string {
  const value = r[name];
  if (value === undefined || value === '') throw dataServiceError('KDP-101', name, name);
  if (value.length > MAX_TEXT) throw dataServiceError('KDP-101', `${name} is longer than ${MAX_TEXT} characters`, name);
  return value;
}

/**
 * Checks the request, passes the token through the state service's gate (whose refusals are its
 * own KdpError, KDP-4xx), and finds the subject.
 */
export async function admit(
  serviceId: string,
  request: TokenDataRequestFields | undefined,
  ctx: Pick<KdpCaller, 'environment' | 'senderBin'>,
  state: KdpState,
): Promise<AdmittedRequest> {
  if (!request) throw dataServiceError('KDP-100', 'requestData/data is missing');
  const messageId = required(request, 'messageId');
  required(request, 'messageDate');
  required(request, 'senderCode');
  const iin = required(request, 'iin');
  const valid = validateIin(iin);
  if (!valid.ok) throw dataServiceError('KDP-102', valid.message, 'iin');
  // kdpToken/publicKey, else infoAbtToken/tokens[] (several when the initiator holds tokens of
  // several services): the first one that releases this record is the one spent.
  const candidates =
    request.kdpToken !== undefined || !request.tokens?.length
      ? [{ code: request.kdpToken, publicKey: request.publicKey }]
      : request.tokens;
  let refusal: unknown;
  for (const t of candidates) {
    try {
      await state.release({
        environment: ctx.environment,
        service: serviceId,
        iin,
        initiatorBin: ctx.senderBin,
        token: t.code,
        publicKey: t.publicKey,
      });
      refusal = undefined;
      break;
    } catch (err) {
      refusal ??= err;
    }
  }
  if (refusal !== undefined) throw refusal;
  const subject = state.subjects.byIin(iin);
  if (!subject) throw dataServiceError('KDP-410', undefined, 'iin');
  return { messageId, iin, subject };
}
