import type { ShepCredential } from '../../fixtures/types.ts';
import type { RandomSource } from '../random.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { CredentialIssuer } from './ports.ts';

/**
 * The gateway's credential registry takes a credential the caller made up (register); Smart Bridge
 * asks for one to be made (issue). This adapter makes it: a sender id that names the organisation
 * and the environment, and a random password, registered with the BIN as owner. Structural, so it
 * fits the gateway's StoreCredentialRegistry without importing it. A `given` credential (the
 * environment's bootstrap of fixture organisations) is registered as it is, with the same owner.
 */
export interface ShepCredentialRegistrar {
  register(grant: { environment: ShepEnvironment; senderId: string; password: string; owner?: string }): Promise<void>;
}

export function registrarIssuer(registrar: ShepCredentialRegistrar, random: RandomSource): CredentialIssuer {
  return {
    async issue(bin: string, environment: ShepEnvironment, given?: ShepCredential): Promise<ShepCredential> {
      if (given) {
        await registrar.register({ environment, senderId: given.senderId, password: given.password, owner: bin });
        return { ...given };
      }
      const senderId = `SB_${bin}_${environment.toUpperCase()}_${Buffer.from(random.bytes(4)).toString('hex').toUpperCase()}`;
      const password = Buffer.from(random.bytes(24)).toString('base64url');
      await registrar.register({ environment, senderId, password, owner: bin });
      return { senderId, password };
    },
  };
}
