import type { ShepCredential } from '../../fixtures/types.ts';
import type { ShepEnvironment } from '../shep/environments.ts';

/**
 * What Smart Bridge needs from the systems around it. The environment (mocks/server.ts) wires these
 * to the SHEP credential registry (shep-adapter.ts) and to the SHEP exchange journal with the state
 * service's consent and token records (mocks/integration/soap-evidence.ts); unit tests use fakes.
 */

/**
 * R4, R12: issues SHEP credentials for one organisation on one environment. `given` is for the
 * environment's own bootstrap of fixture organisations, whose credentials are derived from the seed
 * and must stay what the fixtures say; the HTTP API never passes it.
 */
export interface CredentialIssuer {
  issue(bin: string, environment: ShepEnvironment, given?: ShepCredential): Promise<ShepCredential>;
}

/** Which test response a testing act points at. */
export interface TestResponseRef {
  /** The organisation the act is filed for: the response must be its own. */
  bin: string;
  /** The SHEP messageId of the request whose response the act cites. */
  messageId: string;
}

/** What the gateway and the state service recorded about that exchange. */
export interface TestResponseEvidence {
  messageId: string;
  environment: ShepEnvironment;
  /** BIN of the authenticated sender. */
  senderBin: string;
  serviceId: string;
  /** Virtual time of the exchange, ms. */
  at: number;
  /** The gateway answered SCSS001 and the service's answer was a business success. */
  successful: boolean;
  /** The security token (R2.8) the request presented, as the state service judged it. */
  securityToken: { presented: boolean; valid: boolean; tokenId?: string; reason?: string };
}

/**
 * R11: how the platform checks that a testing act cites a real, successful test-environment response
 * obtained with a valid security token. Resolves undefined when no such exchange is known; the
 * platform checks every field of what it gets (environment, sender, success, token, time), so an
 * implementation may return unsuccessful exchanges too and let the platform give the reason.
 */
export interface TestEvidence {
  findSuccessfulTestResponse(ref: TestResponseRef): Promise<TestResponseEvidence | undefined>;
}

/** What a verified conformance bundle says of itself (reports/ makes and verifies bundles). */
export type TestingActBundleCheck =
  | { valid: true; organisationBin: string; verdict: string; messageIds: string[]; signedBy: string }
  | { valid: false; reason: string };

/**
 * R11: the testing act may be filed as the harness's signed conformance bundle (a zip) instead of a
 * PDF. Checking its signature and digests is the port's job, so that this core knows nothing of zip
 * or JWS; the platform then holds what the bundle says to the application.
 */
export interface TestingActBundles {
  verify(bytes: Uint8Array): Promise<TestingActBundleCheck>;
}
