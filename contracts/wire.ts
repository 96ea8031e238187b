/**
 * Everything contracts/ takes from the wire codecs (protocol/) and the mocks, in one place: the
 * provider is verified against the composition, the consumer side builds messages with the codecs.
 */
export { parseXml, type XmlLimits } from '../protocol/xml/parse.ts';
export { childText, child, childrenNamed, type XmlElement } from '../protocol/xml/element.ts';
export { buildSendMessageRequest, parseShepReply, type ShepReply } from '../protocol/shep/envelope.ts';
export { SOAP11_NS, SYNC_TYPES_NS, XSI_NS, FAULT_ELEMENT } from '../protocol/shep/namespaces.ts';
export { SHEP_SUCCESS } from '../protocol/shep/fault.ts';
export { SHEP_ERRORS, shepErrorByCode } from '../mocks/shep/soap-faults.ts';
export { KDP_ERRORS } from '../mocks/kdp/errors.ts';
export {
  KDP_NS,
  readUserDataResponse,
  signOvt,
  tokenDataRequestXml,
  userDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  type UserDataRequestFields,
} from '../protocol/kdp/index.ts';
export { formatShepDate } from '../protocol/dates.ts';
export { VirtualClock } from '../mocks/clock/clock.ts';
export { createEnvironment, type EnvironmentConfig, type MockEnvironment } from '../mocks/server.ts';
