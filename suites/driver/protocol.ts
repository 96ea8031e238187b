/**
 * Driver protocol v1: the small HTTP JSON API a system under test (SUT) exposes so that the harness
 * can drive it (docs/driver-protocol.md is the integrator's guide; docs/driver-protocol.openapi.json
 * the machine-readable form). These types are the protocol: the typed client, the reference
 * initiator and the harness's modules all use them. Plain data, no transport.
 *
 * Every path is under the base URL the integrator gives (`--driver URL`), e.g.
 * `http://127.0.0.1:9100/kdp-driver/v1`.
 */

export const DRIVER_PROTOCOL_VERSION = 'kdp-driver/1' as const;

export type DriverWay = 'callcenter-1414' | 'own-means' | 'proactive' | 'notification' | 'sms';
export type DriverEnvironment = 'test' | 'prod';
export type DriverArticle9Ground = 'art9-1' | 'art9-2' | 'art9-9' | 'art9-9-2';

/** GET /describe */
export interface DescribeResponse {
  protocol: typeof DRIVER_PROTOCOL_VERSION;
  /** The SUT's product name and version, as its user sees them. */
  system: { name: string; version: string };
  organisation: { bin: string; name: string };
  ways: DriverWay[];
  /** access_name values the SUT can request, e.g. GBDFLUniversal_token, MCDB_SERVICE. */
  dataServices: string[];
  /** Optional features the SUT implements: 'revocation' (KDP_LIST_TO_REVOKE / KDP_SEND_SOLUTION). */
  features?: string[];
}

/** PUT /environments/{test|prod}: where and as whom the SUT talks to SHEP in that environment. 204. */
export interface EnvironmentConfig {
  /** Full SyncChannel URL, e.g. http://127.0.0.1:8236/test/bip-sync-wss-gost/ */
  shepUrl: string;
  senderId: string;
  password: string;
}

/** POST /access-requests: start obtaining access to a subject's data. 202 with AccessRequestState. */
export interface StartAccessRequest {
  environment: DriverEnvironment;
  /** The subject's IIN. */
  iin: string;
  way: DriverWay;
  /** access_name: the data service whose data the SUT wants. */
  dataService: string;
  /** personal_data_name: what the data are for, as the subject will read it. */
  purpose: string;
  /** expiresIn, in the unit of the profile (seconds by default). */
  lifetime: number;
  /** Only for way 'notification'. */
  article9Ground?: DriverArticle9Ground;
}

export type AccessRequestPhase = 'pending' | 'granted' | 'declined' | 'expired' | 'locked' | 'failed';

/** GET /access-requests/{id} (and the answer to POST /access-requests). */
export interface AccessRequestState {
  id: string;
  phase: AccessRequestPhase;
  /** The state service's own request id (correlationId) once known. */
  requestId?: string;
  /** Whether the SUT holds an access token for this request now. */
  tokenHeld: boolean;
  /** For 'failed', 'declined', 'expired', 'locked': what the SUT shows its user. */
  reason?: string;
  /** The SHEP or KDP error code behind a failure, when there was one (e.g. KDP-205, SE001). */
  errorCode?: string;
}

/** POST /access-requests/{id}/fetch: call the data service now with the token the SUT holds. 200. */
export type FetchResult =
  | { ok: true; /** The data service's data as the SUT read it (any JSON). */ data: unknown }
  | { ok: false; reason: string; errorCode?: string };

/** GET /signing-key: the public key the SUT signs its security token (ovt) with, for own means. */
export interface SigningKeyResponse {
  /** A public JWK with kid and alg (RS256 or ES256). */
  jwk: { kty: string; kid: string; alg: string; [member: string]: unknown };
}

/**
 * POST /revocations/sync (optional; for a SUT whose describe lists the 'revocation' feature): run
 * the revocation job now — list KDP_LIST_TO_REVOKE on every configured environment, decide each
 * pending request with KDP_SEND_SOLUTION, stop using the tokens it accepted. 200. A SUT without the
 * job on demand answers 404 and decides on its own schedule.
 */
export interface RevocationSyncResult {
  decisions: RevocationDecision[];
  /** An environment whose list or a solution failed (a SOAP fault or no answer). */
  failures?: { environment: DriverEnvironment; reason: string; errorCode?: string }[];
}

export interface RevocationDecision {
  environment: DriverEnvironment;
  /** request_id of KDP_LIST_TO_REVOKE. */
  revocationId: string;
  iin: string;
  dataService: string;
  solution: 'ACCEPT' | 'REJECT';
  /** For REJECT: the legal obligation that keeps the access, as sent to the subject. */
  reason?: string;
  /** Access requests whose token the SUT stopped using. */
  accessRequests: string[];
}

/** POST /reset: forget every access request and token (between modules). 204. */

/** Any 4xx/5xx answer is application/problem+json. */
export interface DriverProblem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
}
