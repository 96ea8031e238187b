/**
 * The SHEP mock's error catalogue: every ErrorInfo/errorCode the gateway itself can answer.
 *
 * SHEP's real error codes are NOT FOUND in public sources (only the success status `SCSS001` is).
 * These codes are the profile's choice, written in the same shape (four capitals and three digits)
 * so that an integrator's code that pattern-matches codes meets something realistic. They are stable:
 * never renumber one; add new ones at the end. docs/shep.md shows this table.
 *
 * HTTP status: a SOAP 1.1 fault travels with 500 (SOAP 1.1 §6.2, WS-I Basic Profile R1126). The
 * exceptions are refusals made before the message is read as SOAP at all, where WS-I Basic
 * Profile R1113–R1115 ask for 4xx; their body is still a SOAP fault with ErrorInfo, so a client
 * that reads faults on any status learns the reason.
 */

import type { RequirementId } from '../../requirements/index.ts';
import type { SoapFaultCode } from '../../protocol/shep/fault.ts';
import type { ShepErrorCode } from './shep-error.ts';

export interface ShepErrorDefinition {
  code: string;
  /** The errorMessage the gateway sends (refined with details where the definition says so). */
  message: string;
  /** When the gateway answers it. */
  when: string;
  faultcode: SoapFaultCode;
  httpStatus: number;
  /** T-SHEP or Rules ID the refusal proves, for docs and reports. */
  requirement: RequirementId;
}

function def(d: ShepErrorDefinition): ShepErrorDefinition {
  return Object.freeze(d);
}

export const SHEP_ERRORS = Object.freeze({
  MALFORMED_XML: def({
    code: 'EXML001',
    message: 'The message is not well-formed XML',
    when: 'the body is not well-formed, namespace-well-formed XML (unclosed tags, garbage bytes, unbound prefixes, empty body)',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-6',
  }),
  HOSTILE_XML: def({
    code: 'EXML002',
    message: 'The message contains forbidden XML constructs',
    when: 'a DOCTYPE/DTD (hence any entity declaration: XXE, billion laughs), a reference to an undefined entity, or a processing instruction',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-6',
  }),
  XML_LIMITS: def({
    code: 'EXML003',
    message: 'The message exceeds the XML limits of the gateway',
    when: 'nesting depth, element count, attributes per element, attribute length or text length beyond the configured limits',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-6',
  }),
  TOO_LARGE: def({
    code: 'EXML004',
    message: 'The message is too large',
    when: 'the body is larger than the body limit (default 1 MiB)',
    faultcode: 'Client',
    httpStatus: 413,
    requirement: 'T-SHEP-6',
  }),
  NOT_SEND_MESSAGE: def({
    code: 'ESOP001',
    message: 'The message is not a SyncChannel v10 SendMessage SOAP 1.1 envelope',
    when: 'the root is not a SOAP 1.1 Envelope, the Body is missing, or the Body does not hold exactly one SendMessage in http://bip.bee.kz/SyncChannel/v10/Types',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-1',
  }),
  VERSION_MISMATCH: def({
    code: 'ESOP002',
    message: 'SOAP version mismatch: this gateway speaks SOAP 1.1',
    when: 'the Envelope is in another namespace than http://schemas.xmlsoap.org/soap/envelope/ (a SOAP 1.2 envelope, for instance)',
    faultcode: 'VersionMismatch',
    httpStatus: 500,
    requirement: 'T-SHEP-1',
  }),
  INVALID_REQUEST: def({
    code: 'EVAL001',
    message: 'The request is invalid',
    when: 'one or more fields of request/requestInfo are missing or invalid; one subError per field (EVAL002 or EVAL003) with the field path in errorData',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-2',
  }),
  FIELD_MISSING: def({
    code: 'EVAL002',
    message: 'A required field is missing',
    when: 'subError of EVAL001: a required element is absent or empty',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-2',
  }),
  FIELD_INVALID: def({
    code: 'EVAL003',
    message: 'A field has an invalid value',
    when: 'subError of EVAL001: a value has the wrong format (messageDate not an xs:dateTime, request element namespace-qualified, …)',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-2',
  }),
  UNKNOWN_SENDER: def({
    code: 'EAUT001',
    message: 'Sender is not registered in this environment',
    when: 'sender/senderId has no credential in this environment (and none in the other one that the password matches)',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
  WRONG_PASSWORD: def({
    code: 'EAUT002',
    message: 'Sender authentication failed',
    when: "sender/password is missing or does not match the sender's credential in this environment",
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
  OTHER_ENVIRONMENT: def({
    code: 'EAUT003',
    message: 'The credential belongs to the other environment',
    when: 'a test credential is presented to /prod or a production credential to /test',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'R12',
  }),
  DUPLICATE_MESSAGE: def({
    code: 'EDUP001',
    message: 'A message with this messageId has already been received from this sender',
    when: 'the sender already used this messageId in this environment (whatever the outcome of the first message)',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-4',
  }),
  UNKNOWN_SERVICE: def({
    code: 'ESRV001',
    message: 'No service is registered under this serviceId',
    when: 'requestInfo/serviceId names no service routed by this gateway',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-5',
  }),
  INTERNAL: def({
    code: 'ESYS001',
    message: 'Internal error of the gateway',
    when: 'an unexpected failure inside the gateway or a service; the gateway keeps answering',
    faultcode: 'Server',
    httpStatus: 500,
    requirement: 'T-SHEP-7',
  }),
  SERVICE_TIMEOUT: def({
    code: 'ESYS002',
    message: 'The service did not answer in time',
    when: "a routed service did not answer within the gateway's service timeout (default 30 s)",
    faultcode: 'Server',
    httpStatus: 500,
    requirement: 'T-SHEP-7',
  }),
  UNSUPPORTED_MEDIA_TYPE: def({
    code: 'ETRN001',
    message: 'Unsupported content type',
    when: 'the Content-Type is not text/xml, application/soap+xml or application/xml, or names a charset other than UTF-8',
    faultcode: 'Client',
    httpStatus: 415,
    requirement: 'T-SHEP-1',
  }),
  METHOD_NOT_ALLOWED: def({
    code: 'ETRN002',
    message: 'Method not allowed',
    when: 'any method other than POST, or GET without ?wsdl',
    faultcode: 'Client',
    httpStatus: 405,
    requirement: 'T-SHEP-1',
  }),
  BAD_HTTP_REQUEST: def({
    code: 'ETRN003',
    message: 'The HTTP request is malformed',
    when: 'an HTTP-level defect before the body is read (invalid Content-Length, …)',
    faultcode: 'Client',
    httpStatus: 400,
    requirement: 'T-SHEP-1',
  }),
  UNKNOWN_PATH: def({
    code: 'ETRN004',
    message: 'No SOAP endpoint at this path',
    when: 'a path under a SHEP endpoint that is not the endpoint itself (the real path is /bip-sync-wss-gost/)',
    faultcode: 'Client',
    httpStatus: 404,
    requirement: 'T-SHEP-1',
  }),
  MUST_UNDERSTAND: def({
    code: 'ESOP003',
    message: 'A header block marked mustUnderstand is not processed by this gateway',
    when: 'a soap:Header child with mustUnderstand="1" other than wsse:Security (SOAP 1.1 §4.2.3); `errorData` names it',
    faultcode: 'MustUnderstand',
    httpStatus: 500,
    requirement: 'T-SHEP-1',
  }),
  SIGNATURE_INVALID: def({
    code: 'EAUT004',
    message: 'The WS-Security signature does not verify',
    when: 'a wsse:Security ds:Signature whose digest or signature value is wrong (a tampered body), that does not cover the Body, or that cannot be read',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
  SIGNATURE_MISSING: def({
    code: 'EAUT005',
    message: 'A WS-Security signature of the Body is required',
    when: 'the environment requires signed bodies (`wsSecurity: "required"`) and the message carries none',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
  SIGNATURE_FOREIGN_KEY: def({
    code: 'EAUT006',
    message: 'The signature is not made with a certificate registered for the sender',
    when: "the signing certificate's key is not a key Smart Bridge registered for the sender's organisation",
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
  SIGNATURE_ALGORITHM: def({
    code: 'EAUT007',
    message: 'The signature algorithm is not supported here',
    when: 'GOST 34.310-2004 / GOST 2015 (NCA RK) algorithm URIs are recognised and refused: this mock verifies RSA-SHA256 only; `errorData` is the URI',
    faultcode: 'Client',
    httpStatus: 500,
    requirement: 'T-SHEP-3',
  }),
} satisfies Record<ShepErrorCode, ShepErrorDefinition>);

export type ShepErrorKey = keyof typeof SHEP_ERRORS;

/**
 * Codes the gateway does not own, listed so the catalogue is complete: a service's refusal
 * (ShepFault) passes through with the service's own code, and an injected fault (FaultPlan rule)
 * carries the code the integrator asked for.
 */
export const PASSTHROUGH_ERRORS = Object.freeze([
  {
    code: '(service code)',
    when: 'a routed service refuses the message by throwing ShepFault: its errorCode, errorMessage and subErrors pass through unchanged',
    faultcode: 'Client or Server, as the service says',
    httpStatus: 500,
  },
  {
    code: '(injected code)',
    when: "the FaultPlan holds a SOAP fault rule for this serviceId (or *): the rule's errorCode and errorMessage",
    faultcode: 'Server',
    httpStatus: 500,
  },
]);

const BY_CODE = new Map<string, ShepErrorDefinition>(Object.values(SHEP_ERRORS).map((d) => [d.code, d]));

export function shepErrorByCode(code: string): ShepErrorDefinition | undefined {
  return BY_CODE.get(code);
}
