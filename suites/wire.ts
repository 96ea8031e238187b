/**
 * Every wire codec the harness uses, re-exported from one place: the codecs are moving from mocks/
 * to protocol/, and this file is the only one of suites/ that names where they live. Checks read
 * exchanges through these; none of them builds a message for the SUT (the SUT builds its own).
 */
export { parseXml, XmlRejected } from '../mocks/xml/parse.ts';
export { child, childText, childrenNamed, attribute, type XmlElement } from '../mocks/xml/element.ts';
export {
  SOAP11_NS,
  SYNC_TYPES_NS,
  COMMON_TYPES_NS,
  XSI_NS,
  isXsdDateTime,
  isStrictShepDate,
  parseShepReply,
  readSendMessage,
  EnvelopeRejected,
  type ShepReply,
  type SendMessageRequest,
  type SyncMessageInfo,
} from '../mocks/shep/envelope.ts';
export { formatShepDate } from '../mocks/clock/clock.ts';
export { readUserDataResponse, type UserDataResponse } from '../mocks/kdp/client.ts';
export { KDP_NS } from '../mocks/kdp/request.ts';
export { DATA_SERVICE_IDS } from '../mocks/data-services/data-services.ts';
export { isValidIin, makeIin, isValidBin } from '../fixtures/index.ts';
export type { ExchangeRecord } from '../mocks/journal/journal.ts';
