import type { TestingActBundles } from '../mocks/smart-bridge/ports.ts';
import type { VerifyOptions } from './verify.ts';

/**
 * The mock Smart Bridge's port for signed testing-act bundles (R11), by the same offline verifier
 * as `kdp-conformance verify`. Pass a pinned JWKS to accept only bundles signed by known harness
 * keys; without one the platform checks integrity and the bundle's own key.
 */
export function testingActBundles(options: VerifyOptions = {}): TestingActBundles {
  return {
    async verify(bytes) {
      // Loaded on first use: `up` starts without the verifier's zip, JWS and schema modules.
      const { verifyBundle } = await import('./verify.ts');
      const r = await verifyBundle(bytes, options);
      if (!r.ok || !r.report || !r.manifest) return { valid: false, reason: r.verdict.replace(/^REFUSED: /, '') };
      return {
        valid: true,
        organisationBin: r.report.sut.organisation.bin,
        verdict: r.report.verdict,
        messageIds: r.report.testingAct ? [r.report.testingAct.messageId] : [],
        signedBy: r.manifest.harnessSignature.kid,
      };
    },
  };
}
