import { validateBin } from '../../protocol/identifiers/bin.ts';
import { parseRangeBound, type DayEdge } from '../../protocol/dates.ts';
import type { IntegrationGrant, IntegrationRegistry } from '../integration/grant.ts';
import { kdpError } from './errors.ts';
import type { AccessRecord } from './history.ts';
import type { KdpCaller, KdpMessage } from './ports.ts';
import { optionalText, requiredText, requireIin } from './request.ts';
import type { RevocationRequest } from './revocation.ts';
import type { KdpState } from './state.ts';

/**
 * What an organisation asks the state service beside consent: a subject's access history
 * (KDP_PERSONALDATA, T-KDP-10) and the revocations waiting for its decision (KDP_LIST_TO_REVOKE,
 * KDP_SEND_SOLUTION, T-KDP-11). Transport-free: fields in, records out; soap.ts writes the XML.
 */
export const KDP_SERVICE_IDS = {
  consent: 'KDP_SERVICE',
  personalData: 'KDP_PERSONALDATA',
  listToRevoke: 'KDP_LIST_TO_REVOKE',
  sendSolution: 'KDP_SEND_SOLUTION',
} as const;

/** The organisation a caller speaks for: the gateway's word, else the data's company_bin. */
async function organisation(
  data: KdpMessage | undefined,
  ctx: KdpCaller,
  registry: IntegrationRegistry,
): Promise<IntegrationGrant> {
  const given = data ? optionalText(data, 'company_bin') : undefined;
  if (given !== undefined) {
    const v = validateBin(given);
    if (!v.ok) throw kdpError('KDP-103', v.message, 'company_bin');
    if (ctx.senderBin !== undefined && ctx.senderBin !== given)
      throw kdpError('KDP-104', `the sender belongs to ${ctx.senderBin}`, 'company_bin');
  }
  const bin = ctx.senderBin ?? given;
  if (bin === undefined)
    throw kdpError('KDP-101', "company_bin (the gateway did not name the sender's organisation)", 'company_bin');
  const grant = await registry.grantFor(bin, ctx.environment);
  if (!grant) throw kdpError('KDP-110', `${bin} on ${ctx.environment}`, 'company_bin');
  return grant;
}

/** A day (in the profile's offset: the whole day, inclusive) or an xs:dateTime with a zone. */
function instant(raw: string | undefined, name: string, edge: DayEdge, offsetMinutes: number): number | undefined {
  if (raw === undefined) return undefined;
  const bound = parseRangeBound(raw, edge, offsetMinutes);
  if (bound.ok) return bound.ms;
  throw kdpError(
    'KDP-500',
    bound.reason === 'not-a-calendar-day'
      ? `${name} is not a calendar date`
      : `${name} is neither yyyy-MM-dd nor an xs:dateTime with a zone`,
    name,
  );
}

/**
 * KDP_PERSONALDATA: an organisation whose grant lists KDP_PERSONALDATA (the portal that shows
 * subjects their history) sees every record; any other sees only its own dealings with the subject.
 */
export async function accessHistory(
  state: KdpState,
  data: KdpMessage,
  ctx: KdpCaller,
  offsetMinutes: number,
): Promise<{ uin: string; records: AccessRecord[] }> {
  const uin = requireIin(requiredText(data, 'uin'));
  const from = instant(optionalText(data, 'start_date'), 'start_date', 'start', offsetMinutes) ?? 0;
  const to = instant(optionalText(data, 'end_date'), 'end_date', 'end', offsetMinutes) ?? state.now();
  if (from > to) throw kdpError('KDP-500', 'start_date is after end_date', 'start_date');
  const grant = await organisation(data, ctx, state.registry);
  const all = grant.services.includes(KDP_SERVICE_IDS.personalData);
  const records = await state.history.forSubject({
    environment: ctx.environment,
    iin: uin,
    fromMs: from,
    toMs: to,
    ...(all ? {} : { companyBin: grant.bin }),
  });
  return { uin, records };
}

/** KDP_LIST_TO_REVOKE: the revocations waiting for the calling organisation's decision. */
export async function revocationsToDecide(
  state: KdpState,
  data: KdpMessage | undefined,
  ctx: KdpCaller,
): Promise<RevocationRequest[]> {
  const grant = await organisation(data, ctx, state.registry);
  return state.revocations.pending(ctx.environment, grant.bin);
}

/** KDP_SEND_SOLUTION: request_id, solution ACCEPT|REJECT, reason. */
export async function decideRevocation(state: KdpState, data: KdpMessage, ctx: KdpCaller): Promise<RevocationRequest> {
  const grant = await organisation(data, ctx, state.registry);
  const id = requiredText(data, 'request_id');
  const solution = requiredText(data, 'solution');
  const reason = optionalText(data, 'reason');
  return state.revocations.decide({
    environment: ctx.environment,
    companyBin: grant.bin,
    id,
    solution,
    ...(reason ? { reason } : {}),
  });
}
