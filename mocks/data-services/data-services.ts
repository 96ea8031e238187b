import type { Subject } from '../../fixtures/types.ts';
import { kdpFault } from '../kdp/errors.ts';
import { requiredText, requireIin } from '../kdp/request.ts';
import { element as leaf } from '../xml/build.ts';
import type { KdpState } from '../kdp/state.ts';
import type { ShepRequestContext, ShepService } from '../shep/service.ts';
import type { XmlElement } from '../xml/element.ts';

/**
 * Data services behind SHEP that hold personal data of state informatization objects (R3): they
 * release a record only against a state-service token bound to that subject, initiator, service
 * and environment, unexpired and unrevoked, verified with the state service's own key (T-KDP-9).
 * Request fields are the real GBDFLUniversal_token ones (REAL-SYSTEMS.md); MCDB_SERVICE takes the
 * same (its own are not public), and both answers are the profile's (docs/kdp.md).
 */
export const DATA_SERVICE_IDS = { gbdfl: 'GBDFLUniversal_token', mcdb: 'MCDB_SERVICE' } as const;

interface TokenRequest {
  messageId: string;
  iin: string;
  subject: Subject;
}

/** Reads the request, passes the token through the state service's gate, finds the subject. */
async function admit(
  serviceId: string,
  data: XmlElement | undefined,
  ctx: ShepRequestContext,
  state: KdpState,
): Promise<TokenRequest> {
  if (!data) throw kdpFault('KDP-100', 'requestData/data is missing');
  const messageId = requiredText(data, 'messageId');
  requiredText(data, 'messageDate');
  requiredText(data, 'senderCode');
  const iin = requireIin(requiredText(data, 'iin'), 'iin');
  // kdpToken may be long: read without the text-field length limit.
  const token = data.children.find((c) => c.name === 'kdpToken')?.text.trim() || undefined;
  const publicKey = data.children.find((c) => c.name === 'publicKey')?.text.trim() || undefined;
  await state.release({
    environment: ctx.environment,
    service: serviceId,
    iin,
    initiatorBin: ctx.senderBin,
    token,
    publicKey,
  });
  const subject = state.subjects.byIin(iin);
  if (!subject) throw kdpFault('KDP-410', undefined, 'iin');
  return { messageId, iin, subject };
}

function personXml(s: Subject): string {
  const a = s.address;
  return (
    '<person>' +
    leaf('iin', s.iin) +
    leaf('surname', s.lastName) +
    leaf('name', s.firstName) +
    leaf('patronymic', s.middleName) +
    leaf('birthDate', s.birthDate) +
    leaf('gender', s.sex === 'male' ? 'MALE' : 'FEMALE') +
    '<regAddress>' +
    leaf('region', a.region) +
    leaf('city', a.city) +
    leaf('street', a.street) +
    leaf('building', a.building) +
    (a.apartment ? leaf('flat', a.apartment) : '') +
    '</regAddress>' +
    '</person>'
  );
}

/** GBDFLUniversal_token: messageId, messageDate, senderCode, iin, kdpToken, publicKey → the person record. */
export function gbdflService(state: KdpState): ShepService {
  return {
    serviceId: DATA_SERVICE_IDS.gbdfl,
    async handle(data, ctx) {
      const r = await admit(DATA_SERVICE_IDS.gbdfl, data, ctx, state);
      return { dataXml: leaf('messageId', r.messageId) + leaf('iin', r.iin) + personXml(r.subject) };
    },
  };
}

/** MCDB_SERVICE (mobile citizens base): the same request → the subject's mobile number. */
export function mcdbService(state: KdpState): ShepService {
  return {
    serviceId: DATA_SERVICE_IDS.mcdb,
    async handle(data, ctx) {
      const r = await admit(DATA_SERVICE_IDS.mcdb, data, ctx, state);
      return { dataXml: leaf('messageId', r.messageId) + leaf('iin', r.iin) + leaf('mobilePhone', r.subject.phone) };
    },
  };
}

/** The two services to register with the gateway. */
export function dataShepServices(state: KdpState): ShepService[] {
  return [gbdflService(state), mcdbService(state)];
}
