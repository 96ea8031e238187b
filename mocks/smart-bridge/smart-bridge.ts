import type { Clock } from '../clock/clock.ts';
import type { RandomSource } from '../random.ts';
import type { Store } from '../store/store.ts';
import { ApiKeyRegistry } from './api-keys.ts';
import { ApplicationService } from './applications.ts';
import { KazakhstanCalendar } from './calendar.ts';
import { createKazakhstanCalendar, type CalendarSource } from './calendar-data.ts';
import type { CredentialIssuer, TestEvidence, TestingActBundles } from './ports.ts';
import { resolveProfile, type SmartBridgeProfile, type SmartBridgeProfileOverrides } from './profile.ts';
import { SmartBridgeIntegrationRegistry } from './registry.ts';
import { reviewDeadlineAt, type ReviewDeadline } from './review-deadline.ts';
import { TusUploads } from './uploads.ts';

export interface SmartBridgeDeps {
  clock: Clock;
  random: RandomSource;
  store: Store;
  /** R4, R12: the SHEP credential registry. */
  credentials: CredentialIssuer;
  /** R11: the SHEP exchange journal and the state service's token store. */
  evidence: TestEvidence;
  /** R11: verifies a signed conformance bundle filed as the testing act (reports/ provides one). */
  bundles?: TestingActBundles;
  /** A calendar, or where to read its data from (default: the bundled kz-<year>.json files). */
  calendar?: KazakhstanCalendar | CalendarSource;
  profile?: SmartBridgeProfileOverrides;
}

/** The Smart Bridge mock, composed: what the HTTP plugin serves and what the environment wires. */
export class SmartBridge {
  readonly clock: Clock;
  readonly profile: SmartBridgeProfile;
  readonly calendar: KazakhstanCalendar;
  readonly apiKeys: ApiKeyRegistry;
  readonly uploads: TusUploads;
  readonly applications: ApplicationService;
  readonly registry: SmartBridgeIntegrationRegistry;
  private readonly store: Store;

  constructor(deps: SmartBridgeDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.profile = resolveProfile(deps.profile);
    this.calendar =
      deps.calendar instanceof KazakhstanCalendar ? deps.calendar : createKazakhstanCalendar(deps.calendar);
    this.apiKeys = new ApiKeyRegistry(deps.store, deps.random, deps.clock);
    this.uploads = new TusUploads(deps.store, deps.clock, deps.random, this.profile);
    this.applications = new ApplicationService({
      ...deps,
      calendar: this.calendar,
      profile: this.profile,
      uploads: this.uploads,
    });
    this.registry = new SmartBridgeIntegrationRegistry(this.applications);
  }

  private get seedClaims() {
    return this.store.collection<{ seed: number; bin: string; claimedAt: number }>('smart-bridge-seed-onboarding');
  }

  /**
   * The seed bootstrap (bootstrap.ts) claims an organisation before onboarding it: an atomic insert
   * keyed by seed and BIN, so of two seedings running at once (two resets racing) exactly one
   * onboards it. False when another seeding holds the claim. A reset empties the store, claims
   * included, so the next seeding onboards again.
   */
  async claimSeedOnboarding(seed: number, bin: string): Promise<boolean> {
    return this.seedClaims.insert(`${seed}:${bin}`, { seed, bin, claimedAt: this.clock.nowMs() });
  }

  /** Gives a claim back after a failed onboarding, so that a later seeding may try again. */
  async releaseSeedOnboarding(seed: number, bin: string): Promise<void> {
    await this.seedClaims.delete(`${seed}:${bin}`);
  }

  /**
   * R9: the review deadline for a submission at `from` (an RFC 3339 instant), counted in the
   * profile's working days unless `workingDays` is given. A ProblemError 400 with a field error on
   * `from` or `workingDays` when no calendar can place it; the HTTP route only prefixes the field.
   */
  reviewDeadline(
    from: string,
    workingDays: number = this.profile.reviewWorkingDays,
  ): ReviewDeadline & { deadline: string } {
    return reviewDeadlineAt(this.calendar, from, { workingDays, utcOffsetMinutes: this.profile.utcOffsetMinutes });
  }
}
