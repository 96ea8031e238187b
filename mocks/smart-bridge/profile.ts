import { PROFILE_VERSION } from '../profile.ts';
import { DEFAULT_KDP_PROFILE } from '../kdp/profile.ts';
import type { AttachmentKind } from './model.ts';
import { KAZAKHSTAN_UTC_OFFSET_MINUTES } from './review-deadline.ts';

/**
 * Smart Bridge's choices where the public record is silent (REAL-SYSTEMS.md: fields, statuses,
 * roles and the testing act are NOT FOUND). Each can be overridden per environment.
 */
export interface SmartBridgeProfile {
  version: string;
  /** Clause 9: the authorized body's period, in working days. */
  reviewWorkingDays: number;
  /** The zone in which a working day begins and ends. */
  utcOffsetMinutes: number;
  /** R5.2: data services (access_name values behind SHEP) an application may ask for. */
  dataServices: string[];
  /** R5.3: stages of service provision. */
  stages: string[];
  /** R5.5: kinds of ground for storing personal data. */
  storageBases: string[];
  /** R5.4: the longest storage or processing period accepted, in days. */
  maxPeriodDays: number;
  /** Per attachment kind: the largest file and the media types accepted (tus uploads). */
  attachments: Record<AttachmentKind, { maxBytes: number; types: string[] }>;
  signatureKeys: {
    /** Keys an application may hold at once (R10.2; more than one allows rotation). */
    max: number;
    minRsaBits: number;
    /**
     * The JWS algorithms a registered key may sign the security token ovt with: the state service's
     * own list (KdpProfile.ovt.algorithms), so a key registered here is one the state service will
     * verify. An EC key's algorithm follows its curve (P-256 ES256, P-384 ES384, P-521 ES512); a key
     * for an algorithm outside this list is refused at registration. An environment that changes
     * the state service's list passes the same list here.
     */
    algorithms: string[];
    /** The alg written into a registered RSA key that names none. */
    rsaAlg: string;
  };
  testingAct: {
    /** Every approved way must appear in the act with a passed scenario. */
    requireEveryApprovedWay: boolean;
    /** The signed act must be attached (kind testing-act) and referenced. */
    requireSignedDocument: boolean;
  };
}

const MIB = 1024 * 1024;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const DEFAULT_PROFILE: SmartBridgeProfile = {
  version: PROFILE_VERSION,
  reviewWorkingDays: 10,
  utcOffsetMinutes: KAZAKHSTAN_UTC_OFFSET_MINUTES,
  dataServices: ['GBDFLUniversal_token', 'MCDB_SERVICE', 'GbdulAffilFace_KDP'],
  stages: ['application-intake', 'eligibility-check', 'decision', 'service-delivery', 'after-delivery'],
  storageBases: ['subject-consent', 'law', 'contract', 'article-9'],
  maxPeriodDays: 36_500,
  attachments: {
    'is-test-protocol': { maxBytes: 10 * MIB, types: [PDF] },
    'technical-documentation': { maxBytes: 20 * MIB, types: [PDF, DOCX, 'application/zip', 'text/markdown'] },
    // The signed act: a PDF, or the harness's signed conformance bundle (a zip, R11).
    'testing-act': { maxBytes: 10 * MIB, types: [PDF, 'application/zip'] },
    agreement: { maxBytes: 10 * MIB, types: [PDF] },
    other: { maxBytes: 5 * MIB, types: [PDF, 'image/png', 'image/jpeg'] },
  },
  signatureKeys: { max: 3, minRsaBits: 2048, algorithms: [...DEFAULT_KDP_PROFILE.ovt.algorithms], rsaAlg: 'RS256' },
  testingAct: { requireEveryApprovedWay: true, requireSignedDocument: true },
};

export type SmartBridgeProfileOverrides = Partial<
  Omit<SmartBridgeProfile, 'attachments' | 'signatureKeys' | 'testingAct'>
> & {
  attachments?: Partial<SmartBridgeProfile['attachments']>;
  signatureKeys?: Partial<SmartBridgeProfile['signatureKeys']>;
  testingAct?: Partial<SmartBridgeProfile['testingAct']>;
};

export function resolveProfile(overrides: SmartBridgeProfileOverrides = {}): SmartBridgeProfile {
  return {
    ...DEFAULT_PROFILE,
    ...overrides,
    attachments: { ...DEFAULT_PROFILE.attachments, ...overrides.attachments },
    signatureKeys: { ...DEFAULT_PROFILE.signatureKeys, ...overrides.signatureKeys },
    testingAct: { ...DEFAULT_PROFILE.testingAct, ...overrides.testingAct },
  };
}

/** The largest upload any kind accepts: the tus Tus-Max-Size and the PATCH body limit. */
export function maxUploadBytes(profile: SmartBridgeProfile): number {
  return Math.max(...Object.values(profile.attachments).map((a) => a.maxBytes));
}
