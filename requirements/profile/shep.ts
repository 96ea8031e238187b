import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';
/**
 * The technical profile's requirements on the SHEP SyncChannel v10 exchange (T-SHEP-N). Checks,
 * tests and reports cite these IDs next to the Rules' own (R12, …). IDs are stable: never renumber.
 *
 * `basis` says where a requirement comes from: 'observed' when it restates what public integrator
 * code shows of the real gateway (REAL-SYSTEMS.md), 'standard' when SOAP 1.1 / WS-I say so,
 * 'profile' when the public record is silent and the project chose.
 */
export type ShepRequirement = ProfileRequirement & Required<Pick<ProfileRequirement, 'basis' | 'clause'>>;

export const SHEP_REQUIREMENTS = [
  {
    id: 'T-SHEP-1',
    title:
      'A SyncChannel v10 SendMessage in a SOAP 1.1 envelope, POSTed as text/xml to /{test|prod}/bip-sync-wss-gost/, is answered with SendMessageResponse',
    basis: 'observed',
    clause: 'REAL-SYSTEMS.md § SHEP envelope (SyncChannel v10); SOAP 1.1 §4',
  },
  {
    id: 'T-SHEP-2',
    title:
      'request (unqualified, xmlns="") carries requestInfo with messageId, serviceId, messageDate (xs:dateTime) and sender/senderId; a missing or invalid field is refused with one sub-error per field',
    basis: 'observed',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: requestInfo (SyncMessageInfo)',
  },
  {
    id: 'T-SHEP-3',
    title:
      'The sender is authenticated by sender/senderId and sender/password against the credentials of the environment addressed; an unknown sender or a wrong password is refused',
    basis: 'profile',
    clause: 'docs/shep.md § Authentication',
  },
  {
    id: 'T-SHEP-4',
    title:
      'A messageId is used once per sender and environment; a repeat is refused, the same messageId from another sender is not',
    basis: 'observed',
    clause: 'docs/shep.md § Duplicate messages (real SHEP: unique (client, messageId) constraint)',
  },
  {
    id: 'T-SHEP-5',
    title: 'Messages are routed by requestInfo/serviceId; an unknown serviceId is refused',
    basis: 'observed',
    clause: 'REAL-SYSTEMS.md § KDP via SHEP',
  },
  {
    id: 'T-SHEP-6',
    title:
      'Malformed or hostile XML (DTD, entities, processing instructions, excessive depth, size or counts) is refused with a SOAP fault before any expansion, and the gateway keeps answering',
    basis: 'standard',
    clause: 'SOAP 1.1 §3 (no DTD, no PI); docs/shep.md § Hardened parser',
  },
  {
    id: 'T-SHEP-7',
    title:
      'Every refusal is a SOAP 1.1 Fault whose detail is SendMessageFault1_SendMessageFault (ErrorInfo: errorCode, errorMessage, errorData?, errorDate, subError*, sessionId)',
    basis: 'observed',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: fault ErrorInfo',
  },
  {
    id: 'T-SHEP-8',
    title:
      'A successful exchange answers status SCSS001 "Message has been processed successfully", responseDate as yyyy-MM-dd\'T\'HH:mm:ss.SSS+06:00 and a sessionId GUID in braces',
    basis: 'observed',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: responseInfo',
  },
  {
    id: 'T-SHEP-9',
    title:
      "The environment can inject latency and SOAP faults per serviceId into the gateway, to exercise an integrator's resilience",
    basis: 'profile',
    clause: 'docs/shep.md § Fault injection',
  },
  {
    id: 'T-SHEP-10',
    title: 'The gateway publishes the SyncChannel v10 WSDL at ?wsdl, with the soap:address of the environment asked',
    basis: 'profile',
    clause: 'docs/shep.md § WSDL',
  },
  {
    id: 'T-SHEP-11',
    title:
      'Every exchange, refused or not, is recorded in the exchange journal (channel shep) with environment, sender, service, request, response, outcome and duration; passwords are masked',
    basis: 'profile',
    clause: 'docs/shep.md § Journal',
  },
] as const satisfies readonly ShepRequirement[];

export function shepRequirement(id: string): ShepRequirement | undefined {
  return SHEP_REQUIREMENTS.find((r) => r.id === id);
}
