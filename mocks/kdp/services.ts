import { validateBin } from '../../fixtures/bin.ts';
import { formatShepDate } from '../clock/clock.ts';
import type { IntegrationRegistry } from '../integration/grant.ts';
import { element as leaf } from '../xml/build.ts';
import type { ShepRequestContext, ShepService, ShepServiceResponse } from '../shep/service.ts';
import type { XmlElement } from '../xml/element.ts';
import { kdpFault } from './errors.ts';
import type { AccessRecord } from './history.ts';
import { checkType, KDP_NS, optionalText, requiredText, requireIin } from './request.ts';
import type { RevocationRequest } from './revocation.ts';
import type { ConsentView, KdpState } from './state.ts';

/**
 * The state service's four SHEP services, thin over KdpState: read the data, call the core, write
 * the answer. Field names of KDP_SERVICE and KDP_PERSONALDATA are the real ones (REAL-SYSTEMS.md);
 * the rest are the profile's (docs/kdp.md).
 */
export const KDP_SERVICE_IDS = {
  consent: 'KDP_SERVICE',
  personalData: 'KDP_PERSONALDATA',
  listToRevoke: 'KDP_LIST_TO_REVOKE',
  sendSolution: 'KDP_SEND_SOLUTION',
} as const;

function answer(dataXml: string, name: string): ShepServiceResponse {
  return { dataXml, dataType: { ns: KDP_NS, name } };
}

/** getUserDataResponse: status, code, public-key, and the profile's requestId (T-KDP-3). */
export function userDataResponseXml(v: ConsentView): string {
  return (
    leaf('status', v.status) + leaf('code', v.code) + leaf('public-key', v.publicKey) + leaf('requestId', v.requestId)
  );
}

export function kdpConsentService(state: KdpState): ShepService {
  return {
    serviceId: KDP_SERVICE_IDS.consent,
    async handle(data, ctx) {
      let view = await state.userDataRequest(data, ctx);
      const { mode, waitMs } = state.profile.outcome;
      if (mode === 'wait' && view.status === 'PENDING') {
        await state.waitForDecision(view.requestId, waitMs);
        view = await state.poll(view.requestId, data, ctx);
      }
      return answer(userDataResponseXml(view), 'getUserDataResponse');
    },
  };
}

/** The organisation a caller speaks for: the gateway's word, else the data's company_bin. */
async function organisation(data: XmlElement | undefined, ctx: ShepRequestContext, registry: IntegrationRegistry) {
  const given = data ? optionalText(data, 'company_bin') : undefined;
  if (given !== undefined) {
    const v = validateBin(given);
    if (!v.ok) throw kdpFault('KDP-103', v.message, 'company_bin');
    if (ctx.senderBin !== undefined && ctx.senderBin !== given)
      throw kdpFault('KDP-104', `the sender belongs to ${ctx.senderBin}`, 'company_bin');
  }
  const bin = ctx.senderBin ?? given;
  if (bin === undefined)
    throw kdpFault('KDP-101', "company_bin (the gateway did not name the sender's organisation)", 'company_bin');
  const grant = await registry.grantFor(bin, ctx.environment);
  if (!grant) throw kdpFault('KDP-110', `${bin} on ${ctx.environment}`, 'company_bin');
  return grant;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const ASTANA_MS = 6 * 3_600_000;

/** A day (Astana time: the whole day, inclusive) or an xs:dateTime with a zone. */
function instant(raw: string | undefined, name: string, edge: 'start' | 'end'): number | undefined {
  if (raw === undefined) return undefined;
  const d = DATE.exec(raw);
  if (d) {
    const dayStart = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) - ASTANA_MS;
    if (new Date(dayStart + ASTANA_MS).toISOString().slice(0, 10) !== raw)
      throw kdpFault('KDP-500', `${name} is not a calendar date`, name);
    return edge === 'start' ? dayStart : dayStart + 86_400_000 - 1;
  }
  const ms = DATE_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw kdpFault('KDP-500', `${name} is neither yyyy-MM-dd nor an xs:dateTime with a zone`, name);
  return ms;
}

function recordXml(r: AccessRecord): string {
  return (
    '<r_pdata>' +
    leaf('date', formatShepDate(r.at)) +
    leaf('event', r.event) +
    leaf('company', r.company) +
    leaf('company_bin', r.companyBin) +
    leaf('employee_name', r.employeeName) +
    leaf('access_name', r.accessName) +
    leaf('personal_data_name', r.personalDataName) +
    leaf('way', r.way) +
    (r.ground ? leaf('ground', r.ground) : '') +
    (r.mcheck ? leaf('mcheck', r.mcheck) : '') +
    (r.tokenRef ? leaf('token_ref', r.tokenRef) : '') +
    '</r_pdata>'
  );
}

/**
 * KDP_PERSONALDATA (T-KDP-10): uin, start_date, end_date → uin and one r_pdata per record. An
 * organisation whose grant lists KDP_PERSONALDATA (the portal that shows subjects their history)
 * sees every record; any other sees only its own dealings with the subject.
 */
export function kdpPersonalDataService(state: KdpState): ShepService {
  return {
    serviceId: KDP_SERVICE_IDS.personalData,
    async handle(input, ctx) {
      const data = checkType(input, 'getPersonalDataRequest');
      const uin = requireIin(requiredText(data, 'uin'));
      const from = instant(optionalText(data, 'start_date'), 'start_date', 'start') ?? 0;
      const to = instant(optionalText(data, 'end_date'), 'end_date', 'end') ?? state.now();
      if (from > to) throw kdpFault('KDP-500', 'start_date is after end_date', 'start_date');
      const grant = await organisation(data, ctx, state.registry);
      const all = grant.services.includes(KDP_SERVICE_IDS.personalData);
      const records = await state.history.forSubject({
        environment: ctx.environment,
        iin: uin,
        fromMs: from,
        toMs: to,
        ...(all ? {} : { companyBin: grant.bin }),
      });
      return answer(leaf('uin', uin) + records.map(recordXml).join(''), 'getPersonalDataResponse');
    },
  };
}

function revocationXml(r: RevocationRequest): string {
  return (
    '<request>' +
    leaf('request_id', r.id) +
    leaf('uin', r.iin) +
    leaf('access_name', r.accessName) +
    leaf('token_ref', r.tokenRef) +
    leaf('request_date', formatShepDate(r.requestedAt)) +
    leaf('channel', r.via) +
    '</request>'
  );
}

/** KDP_LIST_TO_REVOKE (T-KDP-11): the revocations waiting for the calling organisation's decision. */
export function kdpListToRevokeService(state: KdpState): ShepService {
  return {
    serviceId: KDP_SERVICE_IDS.listToRevoke,
    async handle(input, ctx) {
      const data = input ? checkType(input, 'getListToRevokeRequest') : undefined;
      const grant = await organisation(data, ctx, state.registry);
      const pending = await state.revocations.pending(ctx.environment, grant.bin);
      return answer(
        leaf('count', String(pending.length)) + pending.map(revocationXml).join(''),
        'getListToRevokeResponse',
      );
    },
  };
}

/** KDP_SEND_SOLUTION (T-KDP-11): request_id, solution ACCEPT|REJECT, reason → request_id, status. */
export function kdpSendSolutionService(state: KdpState): ShepService {
  return {
    serviceId: KDP_SERVICE_IDS.sendSolution,
    async handle(input, ctx) {
      const data = checkType(input, 'sendSolutionRequest');
      const grant = await organisation(data, ctx, state.registry);
      const decided = await state.revocations.decide({
        environment: ctx.environment,
        companyBin: grant.bin,
        id: requiredText(data, 'request_id'),
        solution: requiredText(data, 'solution'),
        ...(optionalText(data, 'reason') ? { reason: optionalText(data, 'reason')! } : {}),
      });
      return answer(leaf('request_id', decided.id) + leaf('status', decided.status), 'sendSolutionResponse');
    },
  };
}

/** The four services to register with the gateway. */
export function kdpShepServices(state: KdpState): ShepService[] {
  return [
    kdpConsentService(state),
    kdpPersonalDataService(state),
    kdpListToRevokeService(state),
    kdpSendSolutionService(state),
  ];
}
