import type { JWK } from 'jose';
import type { OrganisationFacts } from '../../fixtures/types.ts';
import type { Article9Ground, ConsentWay } from '../../protocol/kdp/ways.ts';
import type { ShepEnvironment } from '../shep/environments.ts';

/**
 * An integration application on Smart Bridge (clauses 4–12). The real platform's fields, statuses
 * and roles are not public (REAL-SYSTEMS.md): these are the project's choices, documented in
 * docs/smart-bridge.md, and every field traces to a clause of the Rules.
 */

export const APPLICATION_STATUSES = [
  'draft',
  'under-review',
  'rejected',
  'approved',
  'testing',
  'act-under-review',
  'act-accepted',
  'production',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ATTACHMENT_KINDS = [
  'is-test-protocol',
  'technical-documentation',
  'testing-act',
  'agreement',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** The organisation's section of the form: the facts its eligibility for each way rests on (clause 7). */
export type OrganisationSection = OrganisationFacts;

/** Clause 10.2 names "the contact person named on the platform". */
export interface ContactPerson {
  fullName: string;
  position: string;
  email: string;
  phone: string;
}

export interface InformationSystemSection {
  name: string;
  /**
   * Clause 7: the system falls under the unified ICT and information-security requirements
   * (Government decree No 832 of 20 December 2016), so test protocols of compliance are required.
   */
  subjectToUnifiedRequirements: boolean;
}

/** R5.1: a service within which personal data are accessed. */
export interface ServiceEntry {
  name: string;
  /** R5.2: the data services (access_name values) this service needs. */
  dataServices: string[];
  /** R5.2: how the business process uses them. */
  businessProcess: string;
  /** R5.3: the stage of service provision at which the data are accessed (profile list). */
  stage: string;
}

export interface StorageGround {
  /** R5.5: the kind of ground (profile list), e.g. subject-consent, law. */
  basis: string;
  /** The legal act, contract or consent form it rests on. */
  reference: string;
}

export interface DataHandling {
  /** R5.4: how long personal data are stored, in days (0: not stored beyond processing). */
  storagePeriodDays: number;
  /** R5.4: how long they are processed, in days. */
  processingPeriodDays: number;
  /** R5.5 */
  storageGrounds: StorageGround[];
}

/** What the organisation fills in (clause 6: following the platform's instructions). */
export interface ApplicationForm {
  organisation: OrganisationSection;
  contact: ContactPerson;
  informationSystem: InformationSystemSection;
  services: ServiceEntry[];
  dataHandling: DataHandling;
  /** Clause 7: the consent ways it will use. */
  ways: ConsentWay[];
  /** Clause 7.4: the Article 9 grounds for the notification way. */
  article9Grounds: Article9Ground[];
}

export type Actor = { role: 'organisation'; bin: string } | { role: 'authority'; name: string } | { role: 'system' };

export interface Reason {
  message: string;
  /** The form field the reason is about, when it is about one. */
  field?: string;
}

export interface AttachmentRef {
  uploadId: string;
  kind: AttachmentKind;
  filename: string;
  filetype: string;
  size: number;
  attachedAt: number;
}

export interface ReviewState {
  submittedAt: number;
  submittedDate: string;
  deadlineDate: string;
  deadlineAtMs: number;
  workingDays: number;
  calendarComplete: boolean;
  /** Set once by the overdue sweep (the view also computes overdue from the clock at every read). */
  overdueFlaggedAt?: number;
}

export interface Decision {
  outcome: 'approved' | 'rejected';
  at: number;
  by: Actor;
  reasons: Reason[];
  comment?: string;
  withinDeadline: boolean;
}

/** What the authority approved: a subset of what was asked (R7.0: only these are granted). */
export interface ApprovedScope {
  services: string[];
  ways: ConsentWay[];
  article9Grounds: Article9Ground[];
}

export interface RegisteredKey {
  kid: string;
  /** The public JWK only, with kid, alg and use set. */
  jwk: JWK;
  kty: 'RSA' | 'EC';
  alg: string;
  crv?: string;
  bits?: number;
  registeredAt: number;
}

export interface IssuedCredential {
  senderId: string;
  issuedAt: number;
}

export interface TestingActScenario {
  way: ConsentWay;
  dataService: string;
  result: 'passed' | 'failed';
  note?: string;
}

export interface Signatory {
  fullName: string;
  position: string;
  side: 'initiator' | 'operator' | 'authorized-body';
}

/** R11: the testing act, as the organisation files it. */
export interface TestingActContent {
  number: string;
  date: string;
  informationSystem: string;
  scenarios: TestingActScenario[];
  /** SHEP messages of the test environment whose successful responses prove the test. */
  evidence: { messageId: string }[];
  conclusion: string;
  signatories: Signatory[];
  /** The signed act itself: an attachment of kind testing-act on this application. */
  attachmentId: string;
}

export interface TestingActRecord extends TestingActContent {
  status: 'under-review' | 'accepted' | 'rejected';
  submittedAt: number;
  /** What the evidence port said of each message, kept as the act's proof. */
  verifiedEvidence: { messageId: string; serviceId: string; at: number; tokenId?: string }[];
  /** Set only for fixture organisations onboarded by the environment at seed: why nothing is cited. */
  evidenceWaived?: string;
  decidedAt?: number;
  decidedBy?: Actor;
  reasons?: Reason[];
  comment?: string;
}

export interface ApplicationRecord {
  id: string;
  /** Owner; top-level so that the store can select by it. */
  bin: string;
  status: ApplicationStatus;
  form: ApplicationForm;
  attachments: AttachmentRef[];
  review?: ReviewState;
  decision?: Decision;
  approved?: ApprovedScope;
  signatureKeys: RegisteredKey[];
  credentials: Partial<Record<ShepEnvironment, IssuedCredential>>;
  testingAct?: TestingActRecord;
  submissions: number;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** One line of an application's history: who, when, what and why (every state change is kept). */
export interface HistoryEntry {
  id: string;
  applicationId: string;
  seq: number;
  at: number;
  actor: Actor;
  action: string;
  from?: ApplicationStatus;
  to?: ApplicationStatus;
  reason: string;
  details?: Record<string, unknown>;
}
