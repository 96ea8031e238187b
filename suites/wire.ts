/**
 * Every wire codec the harness uses, re-exported from one place. Checks read exchanges through
 * these; none of them builds a message for the SUT (the SUT builds its own).
 */
export { parseXml, XmlRejected } from '../protocol/xml/parse.ts';
export { child, childText, childrenNamed, attribute, type XmlElement } from '../protocol/xml/element.ts';
export { SOAP11_NS, SYNC_TYPES_NS, COMMON_TYPES_NS, XSI_NS } from '../protocol/shep/namespaces.ts';
export {
  parseShepReply,
  readSendMessage,
  EnvelopeRejected,
  type ShepReply,
  type SendMessageRequest,
  type SyncMessageInfo,
} from '../protocol/shep/envelope.ts';
export {
  formatOffset,
  formatShepDate,
  isXsdDateTime,
  isStrictShepDate,
  KAZAKHSTAN_OFFSET_MINUTES,
} from '../protocol/dates.ts';
export { missingOvtClaims, missingRecommendedOvtClaims, OVT_PUBLIC_CLAIMS } from '../protocol/kdp/ovt.ts';
export { KDP_NS, readUserDataResponse, type UserDataResponse } from '../protocol/kdp/index.ts';
export { DATA_SERVICE_IDS } from '../mocks/data-services/data-services.ts';
export { isValidIin, makeIin } from '../protocol/identifiers/iin.ts';
export { isValidBin } from '../protocol/identifiers/bin.ts';
export type { ExchangeRecord } from '../mocks/journal/journal.ts';
