import {
  affilFaceResponseXml,
  gbdflResponseXml,
  mcdbResponseXml,
  readTokenDataRequest,
  type PersonRecord,
} from '../../protocol/kdp/data-services.ts';
import type { FixtureSet, Subject } from '../../fixtures/types.ts';
import { affiliationsOf } from './affiliations.ts';
import { toShepFault } from '../kdp/soap.ts';
import type { KdpState } from '../kdp/state.ts';
import { ShepFault, type ShepService } from '../shep/service.ts';
import { admit, DATA_SERVICE_IDS } from './data-services.ts';
import { DataServiceError, type DataServiceErrorCode } from './errors.ts';

/**
 * GBDFLUniversal_token, MCDB_SERVICE and GbdulAffilFace_KDP on SHEP: the SOAP adapter over data-services.ts. Answers
 * are the profile's (docs/kdp.md).
 */

/** A data service's own refusals travel like the state service's: the code, the field in errorData. */
export const DATA_SERVICE_FAULTS: { readonly [C in DataServiceErrorCode]: { faultcode: 'Client' } } = {
  'KDP-100': { faultcode: 'Client' },
  'KDP-101': { faultcode: 'Client' },
  'KDP-102': { faultcode: 'Client' },
  'KDP-410': { faultcode: 'Client' },
};

function toFault(err: unknown): unknown {
  if (!(err instanceof DataServiceError)) return toShepFault(err);
  const message = err.detail ? `${err.title}: ${err.detail}` : err.title;
  return new ShepFault(err.code, message.slice(0, 250), [], DATA_SERVICE_FAULTS[err.code].faultcode, err.field);
}

function personRecord(s: Subject): PersonRecord {
  const a = s.address;
  return {
    iin: s.iin,
    surname: s.lastName,
    name: s.firstName,
    patronymic: s.middleName,
    birthDate: s.birthDate,
    gender: s.sex === 'male' ? 'MALE' : 'FEMALE',
    regAddress: {
      region: a.region,
      city: a.city,
      street: a.street,
      building: a.building,
      ...(a.apartment ? { flat: a.apartment } : {}),
    },
  };
}

function service(
  serviceId: string,
  state: KdpState,
  write: (r: Awaited<ReturnType<typeof admit>>) => string,
): ShepService {
  return {
    serviceId,
    async handle(data, ctx) {
      try {
        const r = await admit(serviceId, data ? readTokenDataRequest(data) : undefined, ctx, state);
        return { dataXml: write(r) };
      } catch (err) {
        throw toFault(err);
      }
    },
  };
}

/** GBDFLUniversal_token: messageId, messageDate, senderCode, iin, kdpToken, publicKey → the person record. */
export function gbdflService(state: KdpState): ShepService {
  return service(DATA_SERVICE_IDS.gbdfl, state, (r) => gbdflResponseXml(r.messageId, personRecord(r.subject)));
}

/** MCDB_SERVICE (mobile citizens base): the same request → the subject's mobile number. */
export function mcdbService(state: KdpState): ShepService {
  return service(DATA_SERVICE_IDS.mcdb, state, (r) => mcdbResponseXml(r.messageId, r.iin, r.subject.phone));
}

/** GbdulAffilFace_KDP (the legal-entity register): the same request → the legal entities the person heads or founded. */
export function affilFaceService(state: KdpState, fixtures: Pick<FixtureSet, 'organisations'>): ShepService {
  return service(DATA_SERVICE_IDS.affilFace, state, (r) =>
    affilFaceResponseXml(r.messageId, r.iin, affiliationsOf(r.subject, fixtures.organisations)),
  );
}

/** The data services to register with the gateway. */
export function dataShepServices(state: KdpState, fixtures: Pick<FixtureSet, 'organisations'>): ShepService[] {
  return [gbdflService(state), mcdbService(state), affilFaceService(state, fixtures)];
}
