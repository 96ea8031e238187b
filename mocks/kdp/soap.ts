import { formatShepDate } from '../../protocol/dates.ts';
import {
  KDP_NS,
  listToRevokeResponseXml,
  personalDataResponseXml,
  readKdpFields,
  sendSolutionResponseXml,
  userDataResponseXml,
  xsiType,
  type KdpFields,
} from '../../protocol/kdp/index.ts';
import type { XmlElement } from '../../protocol/xml/element.ts';
import { ShepFault, type ShepService, type ShepServiceResponse } from '../shep/service.ts';
import { KdpError, kdpError, type KdpFaultCode } from './errors.ts';
import { accessHistory, decideRevocation, KDP_SERVICE_IDS, revocationsToDecide } from './queries.ts';
import type { KdpState } from './state.ts';

/**
 * The state service's four SHEP services: the SOAP adapter over KdpState and queries.ts. Each one
 * checks the data's xsi:type, reads its fields with protocol/kdp, calls the core, writes the answer,
 * and turns the core's KdpError into the fault SHEP carries (KDP_FAULTS).
 */

/**
 * Every state-service code travels as ErrorInfo/errorCode unchanged, with the field at fault in
 * errorData; all are the sender's mistakes (faultcode Client). The real codes are not public.
 */
export const KDP_FAULTS: { readonly [C in KdpFaultCode]: { faultcode: 'Client' } } = Object.fromEntries(
  (
    [
      'KDP-100',
      'KDP-101',
      'KDP-102',
      'KDP-103',
      'KDP-104',
      'KDP-105',
      'KDP-106',
      'KDP-107',
      'KDP-108',
      'KDP-110',
      'KDP-111',
      'KDP-112',
      'KDP-113',
      'KDP-114',
      'KDP-115',
      'KDP-116',
      'KDP-117',
      'KDP-118',
      'KDP-200',
      'KDP-201',
      'KDP-202',
      'KDP-203',
      'KDP-204',
      'KDP-205',
      'KDP-300',
      'KDP-301',
      'KDP-400',
      'KDP-401',
      'KDP-402',
      'KDP-403',
      'KDP-404',
      'KDP-405',
      'KDP-406',
      'KDP-407',
      'KDP-408',
      'KDP-409',
      'KDP-410',
      'KDP-411',
      'KDP-500',
      'KDP-501',
      'KDP-502',
      'KDP-503',
    ] as const
  ).map((c) => [c, { faultcode: 'Client' }]),
) as { [C in KdpFaultCode]: { faultcode: 'Client' } };

/** A core refusal as SHEP carries it; anything else goes on to the gateway (ESYS001). */
export function toShepFault(err: unknown): unknown {
  if (!(err instanceof KdpError) || !(err.code in KDP_FAULTS)) return err;
  const message = err.detail ? `${err.title}: ${err.detail}` : err.title;
  return new ShepFault(err.code, message.slice(0, 250), [], KDP_FAULTS[err.code as KdpFaultCode].faultcode, err.field);
}

/** Refuses data that is missing or whose xsi:type names another type; an untyped <data> is accepted. */
export function kdpData(data: XmlElement | undefined, expected: string): KdpFields {
  if (!data) throw kdpError('KDP-100', 'requestData/data is missing');
  const type = xsiType(data);
  if (type !== undefined && type.slice(type.indexOf(':') + 1) !== expected)
    throw kdpError('KDP-100', `xsi:type is ${type.slice(0, 80)}, expected ${expected}`);
  return readKdpFields(data);
}

function answer(dataXml: string, name: string): ShepServiceResponse {
  return { dataXml, dataType: { ns: KDP_NS, name } };
}

/** A service whose core refusals become SHEP faults. */
function adapted(serviceId: string, handle: ShepService['handle']): ShepService {
  return {
    serviceId,
    async handle(data, ctx) {
      try {
        return await handle(data, ctx);
      } catch (err) {
        throw toShepFault(err);
      }
    },
  };
}

export function kdpConsentService(state: KdpState): ShepService {
  return adapted(KDP_SERVICE_IDS.consent, async (data, ctx) => {
    const fields = kdpData(data, 'getUserDataRequest');
    let view = await state.userDataRequest(fields, ctx);
    const { mode, waitMs } = state.profile.outcome;
    if (mode === 'wait' && view.status === 'PENDING') {
      await state.waitForDecision(view.requestId, waitMs);
      view = await state.poll(view.requestId, fields, ctx);
    }
    return answer(userDataResponseXml(view), 'getUserDataResponse');
  });
}

export function kdpPersonalDataService(state: KdpState): ShepService {
  return adapted(KDP_SERVICE_IDS.personalData, async (data, ctx) => {
    const fields = kdpData(data, 'getPersonalDataRequest');
    const { uin, records } = await accessHistory(state, fields, ctx, state.profile.utcOffsetMinutes);
    const written = records.map((r) => ({
      date: formatShepDate(r.at, state.profile.utcOffsetMinutes),
      event: r.event,
      company: r.company,
      company_bin: r.companyBin,
      employee_name: r.employeeName,
      access_name: r.accessName,
      personal_data_name: r.personalDataName,
      way: r.way,
      ...(r.ground ? { ground: r.ground } : {}),
      ...(r.mcheck ? { mcheck: r.mcheck } : {}),
      ...(r.tokenRef ? { token_ref: r.tokenRef } : {}),
    }));
    return answer(personalDataResponseXml(uin, written), 'getPersonalDataResponse');
  });
}

export function kdpListToRevokeService(state: KdpState): ShepService {
  return adapted(KDP_SERVICE_IDS.listToRevoke, async (data, ctx) => {
    const fields = data ? kdpData(data, 'getListToRevokeRequest') : undefined;
    const pending = await revocationsToDecide(state, fields, ctx);
    const written = pending.map((r) => ({
      request_id: r.id,
      uin: r.iin,
      access_name: r.accessName,
      token_ref: r.tokenRef,
      request_date: formatShepDate(r.requestedAt, state.profile.utcOffsetMinutes),
      channel: r.via,
    }));
    return answer(listToRevokeResponseXml(written), 'getListToRevokeResponse');
  });
}

export function kdpSendSolutionService(state: KdpState): ShepService {
  return adapted(KDP_SERVICE_IDS.sendSolution, async (data, ctx) => {
    const decided = await decideRevocation(state, kdpData(data, 'sendSolutionRequest'), ctx);
    return answer(sendSolutionResponseXml(decided.id, decided.status), 'sendSolutionResponse');
  });
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
