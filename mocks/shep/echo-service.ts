import { child, childText } from '../../protocol/xml/element.ts';
import { serializeChildren } from '../../protocol/xml/serialize.ts';
import { ShepFault, type ShepService } from './service.ts';

/**
 * A service that exists only in this environment: it proves the gateway on its own (envelope,
 * authentication, routing, journal) before any KDP service is involved, and lets a suite test an
 * integrator's handling of a service-level refusal without a real service.
 */
export const ECHO_SERVICE_ID = 'KDP_CONFORMANCE_ECHO';

/**
 * Answers requestData/data's children unchanged (namespaces re-declared where needed). When data
 * holds `<echoFault><errorCode>…</errorCode><errorMessage>…</errorMessage></echoFault>` it refuses
 * with that ShepFault instead (faultcode Client), so a service refusal can be produced on demand.
 */
export const ECHO_SERVICE: ShepService = {
  serviceId: ECHO_SERVICE_ID,
  async handle(data) {
    const fault = child(data, 'echoFault');
    if (fault) {
      throw new ShepFault(
        childText(fault, 'errorCode') || 'ECHO001',
        childText(fault, 'errorMessage') || 'Refused on request by the echo service',
      );
    }
    return { dataXml: data ? serializeChildren(data) : '' };
  },
};
