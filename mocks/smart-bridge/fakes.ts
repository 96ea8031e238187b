import type { ShepCredential } from '../../fixtures/types.ts';
import type { RandomSource } from '../random.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { CredentialIssuer, TestEvidence, TestResponseEvidence, TestResponseRef } from './ports.ts';

/**
 * Stand-ins for the ports in unit tests of Smart Bridge alone (the environment wires the real ones):
 * credentials that differ per environment, and evidence that a test can put in place.
 */
export class FakeCredentialIssuer implements CredentialIssuer {
  readonly issued: { bin: string; environment: ShepEnvironment; credential: ShepCredential }[] = [];

  constructor(private readonly random: RandomSource) {}

  async issue(bin: string, environment: ShepEnvironment, given?: ShepCredential): Promise<ShepCredential> {
    const credential = given
      ? { ...given }
      : {
          senderId: `${environment}-${bin}-${this.issued.length + 1}`,
          password: Buffer.from(this.random.bytes(18)).toString('base64url'),
        };
    this.issued.push({ bin, environment, credential });
    return credential;
  }
}

export class InMemoryTestEvidence implements TestEvidence {
  private readonly byMessage = new Map<string, TestResponseEvidence>();

  record(evidence: TestResponseEvidence): void {
    this.byMessage.set(evidence.messageId, evidence);
  }

  async findSuccessfulTestResponse(ref: TestResponseRef): Promise<TestResponseEvidence | undefined> {
    return this.byMessage.get(ref.messageId);
  }
}
