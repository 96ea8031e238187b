import type { JWK } from 'jose';
import { DriverClient, DriverError } from './driver/client.ts';
import type {
  AccessRequestPhase,
  AccessRequestState,
  DescribeResponse,
  DriverEnvironment,
  EnvironmentConfig,
  FetchResult,
  RevocationSyncResult,
  StartAccessRequest,
} from './driver/protocol.ts';
import type { EvidenceLog } from './evidence-log.ts';

/** What a module sees of the SUT's own answers, and who gave them. */
export interface Observed<T> {
  value: T | undefined;
  /** 'person': what a person said the system showed (interactive); a person must judge it. */
  source: 'driver' | 'person';
  evidence: string[];
}

/**
 * How the harness reaches the system under test: the driver protocol, or a person at a terminal.
 * Modules drive every scenario through this port alone, so the checks are the same both ways.
 */
export interface SutPort {
  readonly reachedBy: 'driver' | 'interactive';
  readonly target: string;
  /** How many modules may drive it at once. */
  readonly concurrency: number;
  describe(): Promise<DescribeResponse>;
  configure(environment: DriverEnvironment, config: EnvironmentConfig): Promise<void>;
  /** Starts an access request; resolves to its id once the SUT has it (undefined when skipped). */
  start(request: StartAccessRequest, onWaiting?: (text: string) => void): Promise<Observed<{ id: string }>>;
  /** Waits for the request to reach one of the phases, or the timeout; the last state seen. */
  outcome(id: string, phases: readonly AccessRequestPhase[], timeoutMs: number): Promise<Observed<AccessRequestState>>;
  fetch(id: string): Promise<Observed<FetchResult | { person: string }>>;
  signingKey(): Promise<JWK | undefined>;
  /** Runs the SUT's revocation job now; undefined when it has none on demand (it decides on its own schedule). */
  syncRevocations?(): Promise<Observed<RevocationSyncResult> | undefined>;
  reset(): Promise<void>;
}

export class DriverSut implements SutPort {
  readonly reachedBy = 'driver' as const;
  readonly client: DriverClient;

  constructor(
    readonly target: string,
    log: EvidenceLog,
    readonly concurrency = 6,
  ) {
    this.client = new DriverClient(target, log);
  }

  describe(): Promise<DescribeResponse> {
    return this.client.describe();
  }

  configure(environment: DriverEnvironment, config: EnvironmentConfig): Promise<void> {
    return this.client.configure(environment, config);
  }

  async start(request: StartAccessRequest): Promise<Observed<{ id: string }>> {
    const state = await this.client.start(request);
    return { value: { id: state.id }, source: 'driver', evidence: [this.client.lastEvidenceId] };
  }

  async outcome(
    id: string,
    phases: readonly AccessRequestPhase[],
    timeoutMs: number,
  ): Promise<Observed<AccessRequestState>> {
    const deadline = Date.now() + timeoutMs;
    let state: AccessRequestState | undefined;
    const evidence: string[] = [];
    for (;;) {
      state = await this.client.state(id);
      // Only the first and the last answers are worth citing; the polls between say "pending".
      if (evidence.length === 0) evidence.push(this.client.lastEvidenceId);
      if (phases.includes(state.phase) || (state.phase !== 'pending' && !phases.includes('pending'))) break;
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (evidence.at(-1) !== this.client.lastEvidenceId) evidence.push(this.client.lastEvidenceId);
    return { value: state, source: 'driver', evidence };
  }

  async fetch(id: string): Promise<Observed<FetchResult>> {
    const result = await this.client.fetch(id);
    return { value: result, source: 'driver', evidence: [this.client.lastEvidenceId] };
  }

  async signingKey(): Promise<JWK | undefined> {
    try {
      return (await this.client.signingKey()).jwk as JWK;
    } catch (err) {
      if (err instanceof DriverError && err.status === 404) return undefined;
      throw err;
    }
  }

  async syncRevocations(): Promise<Observed<RevocationSyncResult> | undefined> {
    try {
      const result = await this.client.syncRevocations();
      return { value: result, source: 'driver', evidence: [this.client.lastEvidenceId] };
    } catch (err) {
      if (err instanceof DriverError && err.status === 404) return undefined;
      throw err;
    }
  }

  reset(): Promise<void> {
    return this.client.reset();
  }
}
