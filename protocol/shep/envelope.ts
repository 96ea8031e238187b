import { optionalElement, xmlValue } from '../xml/build.ts';
import { child, childrenNamed, type XmlElement } from '../xml/element.ts';
import { parseXml, type XmlLimits } from '../xml/parse.ts';
import { isStrictShepDate, isXsdDateTime } from '../dates.ts';
import { readErrorInfo, type ErrorInfo } from './fault.ts';
import { soapEnvelope } from './soap.ts';
import { SOAP11_NS, SOAP12_NS, SYNC_TYPES_NS, XSI_NS, FAULT_ELEMENT } from './namespaces.ts';

/**
 * SyncChannel v10 over SOAP 1.1: reading a SendMessage request, writing SendMessageResponse and
 * the SOAP Fault with ErrorInfo. Names follow REAL-SYSTEMS.md § "SHEP envelope (SyncChannel v10)"
 * exactly. Everything below SendMessage / SendMessageResponse / the fault element is unqualified
 * (xmlns=""), as real clients write it.
 */

/** What a service puts in requestData/data or responseData/data: its children, and its xsi:type when it names one. */
export interface ShepResponseData {
  /** Serialized child elements of <data> (unprefixed, xmlns="" context unless dataType says so). */
  dataXml: string;
  /** xsi:type of <data>, e.g. { ns: 'http://service.2fa-chain.kz/ns/kdp', name: 'getUserDataResponse' }. */
  dataType?: { ns: string; name: string };
}

export interface SenderInfo {
  senderId: string;
  password?: string;
}

export interface ShepProperty {
  key: string;
  value: string;
}

/** requestInfo (SyncMessageInfo). */
export interface SyncMessageInfo {
  messageId: string;
  correlationId?: string;
  serviceId: string;
  /** As sent (lexical xs:dateTime). */
  messageDate: string;
  routeId?: string;
  sender: SenderInfo;
  properties: ShepProperty[];
  /** Set by SHEP; a sender may send one, the gateway replaces it. */
  sessionId?: string;
}

export interface SendMessageRequest {
  requestInfo: SyncMessageInfo;
  /** requestData/data, when present. */
  data?: XmlElement;
  /** The SOAP Header, kept for a WS-Security check (wsse:Security) by a later module. */
  header?: XmlElement;
}

/** responseInfo (SyncMessageInfoResponse). */
export interface SyncMessageInfoResponse {
  messageId: string;
  correlationId?: string;
  responseDate: string;
  status: { code: string; message: string };
  sessionId: string;
}

export interface FieldError {
  /** Path from `request`, e.g. request/requestInfo/sender/senderId or request/requestInfo/properties[2]/key. */
  field: string;
  problem: 'missing' | 'invalid';
  message: string;
}

export type EnvelopeRejectionKind = 'not-send-message' | 'version-mismatch' | 'invalid-fields';

/** The document is XML but not an acceptable SendMessage: which way, and for fields, each one. */
export class EnvelopeRejected extends Error {
  override readonly name = 'EnvelopeRejected';

  constructor(
    readonly kind: EnvelopeRejectionKind,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export interface EnvelopeOptions {
  /**
   * false (default): messageDate must be a valid xs:dateTime, as the real schema types it and as
   * JAXB clients send it in several shapes (with or without milliseconds or offset; Kazakhstan moved
   * from +06:00 to +05:00 in 2024). true: exactly yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm, the shape SHEP
   * itself writes, for integrators who want to be held to it.
   */
  strictMessageDate?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reading a request

/** Parses (hardened) and reads a SendMessage envelope. Throws XmlRejected or EnvelopeRejected. */
export function parseSendMessage(
  text: string,
  options: EnvelopeOptions & { limits?: Partial<XmlLimits> } = {},
): SendMessageRequest {
  return readSendMessage(parseXml(text, options.limits), options);
}

export function readSendMessage(root: XmlElement, options: EnvelopeOptions = {}): SendMessageRequest {
  if (root.name !== 'Envelope') {
    throw new EnvelopeRejected(
      'not-send-message',
      `the document element is {${root.ns}}${root.name}, not a SOAP 1.1 Envelope`,
    );
  }
  if (root.ns !== SOAP11_NS) {
    const which = root.ns === SOAP12_NS ? 'a SOAP 1.2 envelope' : `an Envelope in namespace "${root.ns}"`;
    throw new EnvelopeRejected('version-mismatch', `${which} was sent; this gateway speaks SOAP 1.1 (${SOAP11_NS})`);
  }
  const bodies = childrenNamed(root, 'Body', SOAP11_NS);
  if (bodies.length !== 1) {
    throw new EnvelopeRejected(
      'not-send-message',
      bodies.length === 0 ? 'the Envelope has no Body' : 'the Envelope has more than one Body',
    );
  }
  const body = bodies[0]!;
  if (body.children.length !== 1) {
    throw new EnvelopeRejected(
      'not-send-message',
      `the Body must hold exactly one SendMessage element, it holds ${body.children.length} elements`,
    );
  }
  const send = body.children[0]!;
  if (send.name !== 'SendMessage' || send.ns !== SYNC_TYPES_NS) {
    throw new EnvelopeRejected(
      'not-send-message',
      send.name === 'SendMessage'
        ? `SendMessage must be in namespace ${SYNC_TYPES_NS}, it is in "${send.ns}"`
        : `the Body holds {${send.ns}}${send.name}; the only operation is {${SYNC_TYPES_NS}}SendMessage`,
    );
  }

  const errors: FieldError[] = [];
  const request = field(send, 'request', 'request', errors, 'element');
  if (!request) throw new EnvelopeRejected('invalid-fields', describeFieldErrors(errors), errors);

  const info = field(request, 'requestInfo', 'request/requestInfo', errors, 'element');
  const requestData = field(request, 'requestData', 'request/requestData', errors, 'optional-element');
  const data = requestData ? dataOf(requestData, errors) : undefined;

  let requestInfo: SyncMessageInfo | undefined;
  if (info) {
    const p = 'request/requestInfo';
    const messageId = text(info, 'messageId', `${p}/messageId`, errors, true);
    const correlationId = text(info, 'correlationId', `${p}/correlationId`, errors, false);
    const serviceId = text(info, 'serviceId', `${p}/serviceId`, errors, true);
    const messageDate = text(info, 'messageDate', `${p}/messageDate`, errors, true);
    const routeId = text(info, 'routeId', `${p}/routeId`, errors, false);
    const sessionId = text(info, 'sessionId', `${p}/sessionId`, errors, false);
    if (messageDate !== undefined) {
      if (!isXsdDateTime(messageDate)) {
        errors.push({
          field: `${p}/messageDate`,
          problem: 'invalid',
          message: `messageDate "${messageDate}" is not an xs:dateTime (expected yyyy-MM-dd'T'HH:mm:ss.SSS+05:00)`,
        });
      } else if (options.strictMessageDate && !isStrictShepDate(messageDate)) {
        errors.push({
          field: `${p}/messageDate`,
          problem: 'invalid',
          message: `messageDate "${messageDate}" is not in the form yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm`,
        });
      }
    }
    const senderEl = field(info, 'sender', `${p}/sender`, errors, 'element');
    const senderId = senderEl ? text(senderEl, 'senderId', `${p}/sender/senderId`, errors, true) : undefined;
    // password may be empty or absent in the schema (WS-Security can authenticate instead); the
    // authentication step decides, so an empty one is kept as given.
    const password = senderEl ? rawText(senderEl, 'password', `${p}/sender/password`, errors) : undefined;
    const properties: ShepProperty[] = [];
    childrenNamed(info, 'properties', '').forEach((prop, i) => {
      const pp = `${p}/properties[${i + 1}]`;
      const key = text(prop, 'key', `${pp}/key`, errors, true);
      const value = rawText(prop, 'value', `${pp}/value`, errors) ?? '';
      if (key !== undefined) properties.push({ key, value });
    });
    if (messageId !== undefined && serviceId !== undefined && messageDate !== undefined && senderId !== undefined) {
      requestInfo = {
        messageId,
        serviceId,
        messageDate,
        sender: password === undefined ? { senderId } : { senderId, password },
        properties,
        ...(correlationId !== undefined ? { correlationId } : {}),
        ...(routeId !== undefined ? { routeId } : {}),
        ...(sessionId !== undefined ? { sessionId } : {}),
      };
    }
  }
  if (errors.length > 0 || !requestInfo)
    throw new EnvelopeRejected('invalid-fields', describeFieldErrors(errors), errors);
  const header = child(root, 'Header', SOAP11_NS);
  return { requestInfo, ...(data ? { data } : {}), ...(header ? { header } : {}) };
}

/**
 * requestData/data is anyType and unqualified in SHEP's own answers, but public integrator code
 * also sends it qualified (ns4:data in the Interfaces namespace) to the real gateway: accepted in
 * any namespace, since refusing it would fail clients that work against the real SHEP.
 */
function dataOf(requestData: XmlElement, errors: FieldError[]): XmlElement | undefined {
  const candidates = requestData.children.filter((c) => c.name === 'data');
  if (candidates.length > 1) {
    errors.push({
      field: 'request/requestData/data',
      problem: 'invalid',
      message: `request/requestData/data appears ${candidates.length} times`,
    });
    return undefined;
  }
  return candidates[0];
}

function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => e.message).join('; ');
}

/**
 * The single unqualified child `name` of `parent`. Records a field error when it is absent (and
 * required), qualified (a frequent client mistake: request must carry xmlns=""), or repeated.
 */
function field(
  parent: XmlElement,
  name: string,
  path: string,
  errors: FieldError[],
  mode: 'element' | 'optional-element',
): XmlElement | undefined {
  const matches = childrenNamed(parent, name, '');
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    errors.push({ field: path, problem: 'invalid', message: `${path} appears ${matches.length} times` });
    return undefined;
  }
  const qualified = parent.children.find((c) => c.name === name);
  if (qualified) {
    errors.push({
      field: path,
      problem: 'invalid',
      message: `${path} must be unqualified (xmlns=""), it is in namespace "${qualified.ns}"`,
    });
  } else if (mode === 'element') {
    errors.push({ field: path, problem: 'missing', message: `${path} is missing` });
  }
  return undefined;
}

/** Trimmed text of a single-valued leaf; an empty required leaf counts as missing. */
function text(
  parent: XmlElement,
  name: string,
  path: string,
  errors: FieldError[],
  required: boolean,
): string | undefined {
  const el = field(parent, name, path, errors, required ? 'element' : 'optional-element');
  if (!el) return undefined;
  const value = el.text.trim();
  if (value === '') {
    if (required) errors.push({ field: path, problem: 'missing', message: `${path} is empty` });
    return undefined;
  }
  return value;
}

/** Untrimmed text: passwords and property values are compared as sent. */
function rawText(parent: XmlElement, name: string, path: string, errors: FieldError[]): string | undefined {
  return field(parent, name, path, errors, 'optional-element')?.text;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** requestData/data: its xsi:type when the service names one, its children as the service wrote them. */
function dataElement(data: ShepResponseData | undefined): string {
  if (!data) return '';
  const type = data.dataType
    ? ` xmlns:xsi="${XSI_NS}" xmlns:dt="${xmlValue(data.dataType.ns)}" xsi:type="dt:${xmlValue(data.dataType.name)}"`
    : '';
  return `<data${type}>${data.dataXml}</data>`;
}

/** status/message is at most 250 characters in the real schema. */
const STATUS_MESSAGE_MAX = 250;

export function buildSendMessageResponse(info: SyncMessageInfoResponse, data?: ShepResponseData): string {
  const responseInfo =
    '<responseInfo>' +
    optionalElement('messageId', info.messageId) +
    optionalElement('correlationId', info.correlationId) +
    optionalElement('responseDate', info.responseDate) +
    `<status>${optionalElement('code', info.status.code)}${optionalElement('message', info.status.message.slice(0, STATUS_MESSAGE_MAX))}</status>` +
    optionalElement('sessionId', info.sessionId) +
    '</responseInfo>';
  const responseData = `<responseData>${dataElement(data)}</responseData>`;
  return soapEnvelope(
    `<ns2:SendMessageResponse xmlns:ns2="${SYNC_TYPES_NS}"><response>${responseInfo}${responseData}</response></ns2:SendMessageResponse>`,
  );
}

export interface SendMessageRequestInput {
  requestInfo: Omit<SyncMessageInfo, 'properties'> & { properties?: ShepProperty[] };
  /** Children of requestData/data, already serialized; omit for a request without data. */
  dataXml?: string;
  dataType?: { ns: string; name: string };
  /** Content of soap:Header (a wsse:Security block, for instance). */
  headerXml?: string;
}

/**
 * A SendMessage request as an integrator's client writes it: for the reference initiator, the
 * suites and tests. Values are escaped; dataXml and headerXml are taken as XML.
 */
export function buildSendMessageRequest(input: SendMessageRequestInput): string {
  const i = input.requestInfo;
  const requestInfo =
    '<requestInfo>' +
    optionalElement('messageId', i.messageId) +
    optionalElement('correlationId', i.correlationId) +
    optionalElement('serviceId', i.serviceId) +
    optionalElement('messageDate', i.messageDate) +
    optionalElement('routeId', i.routeId) +
    `<sender>${optionalElement('senderId', i.sender.senderId)}${optionalElement('password', i.sender.password)}</sender>` +
    (i.properties ?? [])
      .map((p) => `<properties>${optionalElement('key', p.key)}${optionalElement('value', p.value)}</properties>`)
      .join('') +
    optionalElement('sessionId', i.sessionId) +
    '</requestInfo>';
  const requestData =
    input.dataXml === undefined
      ? ''
      : `<requestData>${dataElement({ dataXml: input.dataXml, ...(input.dataType ? { dataType: input.dataType } : {}) })}</requestData>`;
  return soapEnvelope(
    `<ns3:SendMessage xmlns:ns3="${SYNC_TYPES_NS}"><request xmlns="">${requestInfo}${requestData}</request></ns3:SendMessage>`,
    input.headerXml ?? '',
  );
}

// ---------------------------------------------------------------------------------------------
// Reading a reply (client side: suites, reference initiator, tests)

export type ShepReply =
  | { kind: 'response'; responseInfo: SyncMessageInfoResponse; data?: XmlElement }
  | { kind: 'fault'; faultcode: string; faultstring: string; errorInfo?: ErrorInfo };

function leafText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name, '');
  return c === undefined ? undefined : c.text.trim();
}

/** Reads a SendMessageResponse or a SOAP Fault. Throws XmlRejected or EnvelopeRejected otherwise. */
export function parseShepReply(text: string, limits?: Partial<XmlLimits>): ShepReply {
  const root = parseXml(text, limits);
  if (root.name !== 'Envelope' || root.ns !== SOAP11_NS)
    throw new EnvelopeRejected('not-send-message', 'not a SOAP 1.1 envelope');
  const body = child(root, 'Body', SOAP11_NS);
  const fault = child(body, 'Fault', SOAP11_NS);
  if (fault) {
    const detail = child(child(fault, 'detail', ''), FAULT_ELEMENT, SYNC_TYPES_NS);
    const code = leafText(fault, 'faultcode') ?? '';
    return {
      kind: 'fault',
      faultcode: code.includes(':') ? code.slice(code.indexOf(':') + 1) : code,
      faultstring: leafText(fault, 'faultstring') ?? '',
      ...(detail ? { errorInfo: readErrorInfo(detail) } : {}),
    };
  }
  const response = child(child(body, 'SendMessageResponse', SYNC_TYPES_NS), 'response', '');
  const info = child(response, 'responseInfo', '');
  if (!response || !info) throw new EnvelopeRejected('not-send-message', 'neither a SendMessageResponse nor a Fault');
  const status = child(info, 'status', '');
  const correlationId = leafText(info, 'correlationId');
  const data = child(child(response, 'responseData', ''), 'data', '');
  return {
    kind: 'response',
    responseInfo: {
      messageId: leafText(info, 'messageId') ?? '',
      ...(correlationId !== undefined ? { correlationId } : {}),
      responseDate: leafText(info, 'responseDate') ?? '',
      status: { code: leafText(status, 'code') ?? '', message: leafText(status, 'message') ?? '' },
      sessionId: leafText(info, 'sessionId') ?? '',
    },
    ...(data ? { data } : {}),
  };
}

export {
  SOAP11_NS,
  SOAP12_NS,
  SYNC_TYPES_NS,
  SYNC_INTERFACES_NS,
  COMMON_TYPES_NS,
  XSI_NS,
  FAULT_ELEMENT,
} from './namespaces.ts';
export { soapEnvelope, XML_DECLARATION } from './soap.ts';
export { buildSoapFault, SHEP_SUCCESS, type ErrorInfo, type SoapFaultCode } from './fault.ts';
