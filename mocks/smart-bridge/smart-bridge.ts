import type { Clock } from '../clock/clock.ts';
import type { RandomSource } from '../random.ts';
import type { Store } from '../store/store.ts';
import { ApiKeyRegistry } from './api-keys.ts';
import { ApplicationService } from './applications.ts';
import { KazakhstanCalendar } from './calendar.ts';
import { createKazakhstanCalendar, type CalendarSource } from './calendar-data.ts';
import type { CredentialIssuer, TestEvidence } from './ports.ts';
import { resolveProfile, type SmartBridgeProfile, type SmartBridgeProfileOverrides } from './profile.ts';
import { SmartBridgeIntegrationRegistry } from './registry.ts';
import { TusUploads } from './uploads.ts';

export interface SmartBridgeDeps {
  clock: Clock;
  random: RandomSource;
  store: Store;
  /** R4, R12: the SHEP credential registry. */
  credentials: CredentialIssuer;
  /** R11: the SHEP exchange journal and the state service's token store. */
  evidence: TestEvidence;
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

  constructor(deps: SmartBridgeDeps) {
    this.clock = deps.clock;
    this.profile = resolveProfile(deps.profile);
    this.calendar = deps.calendar instanceof KazakhstanCalendar ? deps.calendar : createKazakhstanCalendar(deps.calendar);
    this.apiKeys = new ApiKeyRegistry(deps.store, deps.random, deps.clock);
    this.uploads = new TusUploads(deps.store, deps.clock, deps.random, this.profile);
    this.applications = new ApplicationService({ ...deps, calendar: this.calendar, profile: this.profile, uploads: this.uploads });
    this.registry = new SmartBridgeIntegrationRegistry(this.applications);
  }
}
