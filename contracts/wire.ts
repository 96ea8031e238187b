/**
 * Everything contracts/ takes from mocks/, in one place: the wire codecs (XML, the SHEP envelope,
 * the KDP messages) and the composition the provider is verified against. The codecs are moving to
 * protocol/; when they land, this file is the only one that changes.
 */
export { parseXml, type XmlLimits } from '../mocks/xml/parse.ts';
export { childText, child, childrenNamed, type XmlElement } from '../mocks/xml/element.ts';
export {
  buildSendMessageRequest,
  parseShepReply,
  SOAP11_NS,
  SYNC_TYPES_NS,
  XSI_NS,
  FAULT_ELEMENT,
  type ShepReply,
} from '../mocks/shep/envelope.ts';
export { SHEP_ERRORS, SHEP_SUCCESS, shepErrorByCode } from '../mocks/shep/errors.ts';
export { KDP_ERRORS } from '../mocks/kdp/errors.ts';
export { KDP_NS } from '../mocks/kdp/request.ts';
export {
  readUserDataResponse,
  signOvt,
  tokenDataRequestXml,
  userDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  type UserDataRequestFields,
} from '../mocks/kdp/client.ts';
export { formatShepDate, VirtualClock } from '../mocks/clock/clock.ts';
export { createEnvironment, type EnvironmentConfig, type MockEnvironment } from '../mocks/server.ts';
