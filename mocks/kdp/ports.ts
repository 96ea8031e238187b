import type { Subject } from '../../fixtures/types.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { OneTimeCodes } from '../sms/otp.ts';
import type { SmsGateway } from '../sms/sms-gateway.ts';

/**
 * What the state service needs from the systems around it, no more: the parts of the SMS gateway,
 * the one-time codes and the 1414 contact center it calls, and a directory of subjects. Narrow
 * types let a unit test hand in a fake and let the owners change the rest of their modules.
 */

/** Sends SMS and receives the subjects' answers (mocks/sms). */
export type SmsPort = Pick<SmsGateway, 'send' | 'onAnswer'>;

/** Issues and checks one-time codes (mocks/sms/otp.ts). */
export type CodePort = Pick<OneTimeCodes, 'issue' | 'verify'>;

/** Who the state service knows: the person records behind GBDFL and the numbers behind MCDB. */
export interface SubjectDirectory {
  byIin(iin: string): Subject | undefined;
  /** Canonical +7XXXXXXXXXX. */
  byPhone(phone: string): Subject | undefined;
}

export function subjectDirectory(subjects: readonly Subject[]): SubjectDirectory {
  const byIin = new Map(subjects.map((s) => [s.iin, s]));
  const byPhone = new Map(subjects.map((s) => [s.phone, s]));
  return { byIin: (iin) => byIin.get(iin), byPhone: (phone) => byPhone.get(phone) };
}

/** A consent request waiting for a 1414 operator (way 1, R7.1). */
export interface CallCenterCase {
  requestId: string;
  environment: 'test' | 'prod';
  iin: string;
  phone: string;
  company: string;
  companyBin: string;
  accessName: string;
  personalDataName: string;
  /** Virtual ms after which the state service no longer takes a decision. */
  deadline: number;
}

export interface CallCenterDecision {
  requestId: string;
  decision: 'confirmed' | 'refused';
  operator?: string;
}

export interface CallCenterPort {
  enqueue(item: CallCenterCase): Promise<void>;
  onDecision(listener: (decision: CallCenterDecision) => Promise<void>): () => void;
}

/**
 * A message to the state service, transport-free: its fields by their wire names (uin, company_bin,
 * access_name, …), trimmed. The SOAP adapter (soap.ts) reads them out of requestData/data.
 */
export type KdpMessage = Readonly<Record<string, string | undefined>>;

/** Who is asking, as the gateway vouches for it. */
export interface KdpCaller {
  environment: ShepEnvironment;
  senderId: string;
  /** BIN of the organisation the authenticated sender belongs to. */
  senderBin?: string;
  messageId: string;
  correlationId?: string;
  /** requestInfo/properties, first value of each key. */
  properties: Readonly<Record<string, string>>;
}
