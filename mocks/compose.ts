import { KAZAKHSTAN_OFFSET_MINUTES } from '../protocol/dates.ts';
import { buildFixtureSet, type ConsentWayRole } from '../fixtures/fixture-set.ts';
import type { FixtureSet } from '../fixtures/types.ts';
import { CallCenter } from './callcenter/call-center.ts';
import { VirtualClock } from './clock/clock.ts';
import { Environment } from './environment/environment.ts';
import { FaultPlan } from './environment/faults.ts';
import { JournalTestEvidence } from './integration/soap-evidence.ts';
import { ExchangeJournal } from './journal/journal.ts';
import { createKdp, type Kdp } from './kdp/index.ts';
import { kdpProfile, type DeepPartial, type KdpProfile } from './kdp/profile.ts';
import { systemRandom, type RandomSource } from './random.ts';
import type { Runtime } from './runtime.ts';
import { StoreCredentialRegistry } from './shep/credentials.ts';
import { ECHO_SERVICE } from './shep/echo-service.ts';
import { ShepGateway } from './shep/soap.ts';
import type { WsSecurityMode } from './shep/soap-ws-security.ts';
import type { XmlLimits } from '../protocol/xml/parse.ts';
import { OneTimeCodes } from './sms/otp.ts';
import { SmsGateway } from './sms/sms-gateway.ts';
import { describeSeededAccess, seedSmartBridge, type SeededAccess } from './smart-bridge/bootstrap.ts';
import type { KazakhstanCalendar } from './smart-bridge/calendar.ts';
import type { CalendarSource } from './smart-bridge/calendar-data.ts';
import type { TestingActBundles } from './smart-bridge/ports.ts';
import type { SmartBridgeProfileOverrides } from './smart-bridge/profile.ts';
import { registrarIssuer } from './smart-bridge/shep-adapter.ts';
import { SmartBridge } from './smart-bridge/smart-bridge.ts';
import { DEFAULT_MEMORY_RINGS } from './memory-rings.ts';
import { RingStore } from './store/ring-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/**
 * Step one of the composition: every core of the environment on one runtime (store, virtual clock,
 * randomness, journal), in the order their dependencies demand, with no HTTP in sight. The SHEP
 * gateway's SOAP endpoint is built here too (it is not fastify: the msw handlers and the routes
 * both hand it raw SOAP). Step two, mounting HTTP, is server.ts.
 */
/** What the cores are built from; createEnvironment (server.ts) adds the HTTP side's options. */
export interface CoresConfig {
  /** Fixture seed (default 236) and number of subjects (default 20); or a ready set. */
  seed?: number;
  subjects?: number;
  fixtures?: FixtureSet;
  /** ':memory:' (default) or a file, to keep state across a restart. */
  db?: string;
  /** Randomness of codes and ids; seed it for repeatable codes. */
  random?: RandomSource;
  /** The virtual clock; default real time, movable with env.clock.advance(). */
  clock?: VirtualClock;
  profile?: DeepPartial<KdpProfile>;
  /**
   * Kazakhstan's offset for every date the environment writes or reads as a local day: 300 (UTC+5,
   * default) or 360 (+06:00, as code written before 1 March 2024). Overrides profile.utcOffsetMinutes.
   */
  utcOffsetMinutes?: number;
  /** The gateway's profile knobs (docs/shep.md). */
  shep?: {
    wsSecurity?: WsSecurityMode;
    strictMessageDate?: boolean;
    serviceTimeoutMs?: number;
    xmlLimits?: Partial<XmlLimits>;
  };
  smartBridge?: {
    profile?: SmartBridgeProfileOverrides;
    /** A calendar, or where to read its data from (default: the bundled kz-<year>.json files). */
    calendar?: KazakhstanCalendar | CalendarSource;
    /**
     * Roles of the fixtures' consent-way mix left for a person to onboard by hand (default
     * ['own-means-company']); [] onboards every fixture organisation at seed.
     */
    notOnboarded?: readonly ConsentWayRole[];
    /** R11: verifies a signed conformance bundle filed as the testing act (bin/ wires reports/'s). */
    bundles?: TestingActBundles;
  };
  /**
   * Keep only the newest this many journal exchanges (a ring; the oldest are dropped, with a warning
   * in the log and an x-journal-dropped header on the journal API). Default: 50 000 on ':memory:',
   * unbounded on a file; 0 for unbounded.
   */
  journalRing?: number;
  /**
   * On ':memory:', how many documents each collection that grows with the requests keeps (a ring
   * like the journal's, with the same warning): DEFAULT_MEMORY_RINGS, overridden per collection; 0
   * leaves one unbounded. Ignored on a file.
   */
  memoryRings?: Readonly<Record<string, number>>;
}

/** How many exchanges an in-memory journal keeps unless told otherwise (about 100 MB of evidence). */
export const DEFAULT_MEMORY_JOURNAL_RING = 50_000;

export interface EnvironmentCores {
  fixtures: FixtureSet;
  store: SqliteStore;
  runtime: Runtime;
  clock: VirtualClock;
  faults: FaultPlan;
  gateway: ShepGateway;
  sms: SmsGateway;
  codes: OneTimeCodes;
  callCenter: CallCenter;
  kdp: Kdp;
  /** Decides what SHEP and the state service honour (R4–R12) and issues every SHEP credential. */
  smartBridge: SmartBridge;
  /** The seed's Smart Bridge API keys and which fixture organisations were onboarded. */
  smartBridgeAccess(): Promise<SeededAccess>;
  environment: Environment;
  /** Where an unexpected error inside a SHEP service (answered ESYS001) is reported; the HTTP side logs it. */
  reportShepInternalErrors(report: (err: unknown, where: { environment: string; serviceId?: string }) => void): void;
  /** Where the cores' warnings (the journal ring dropping old exchanges) go; the HTTP side logs them. */
  reportWarnings(report: (message: string) => void): void;
  /** Stops the cores' subscriptions and closes the store. */
  close(): Promise<void>;
}

export async function buildCores(config: CoresConfig = {}): Promise<EnvironmentCores> {
  // One offset for SHEP, the state service and Smart Bridge: one instant falls on one day.
  const utcOffsetMinutes = config.utcOffsetMinutes ?? config.profile?.utcOffsetMinutes ?? KAZAKHSTAN_OFFSET_MINUTES;
  const o: CoresConfig = { ...config, profile: { ...config.profile, utcOffsetMinutes } };
  const fixtures =
    o.fixtures ??
    (await buildFixtureSet({
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.subjects !== undefined ? { subjects: o.subjects } : {}),
    }));
  const store = new SqliteStore(o.db ?? ':memory:');
  const clock = o.clock ?? new VirtualClock();
  const random = o.random ?? systemRandom;
  const db = o.db ?? ':memory:';
  const ring = o.journalRing ?? (db === ':memory:' ? DEFAULT_MEMORY_JOURNAL_RING : 0);
  let logWarning: (message: string) => void = () => {};
  const journal = new ExchangeJournal(store, clock, () => random.uuid(), {
    ...(ring > 0 ? { capacity: ring } : {}),
    onFirstDrop: ({ capacity }) =>
      logWarning(
        `the journal keeps the newest ${capacity} exchanges (a ring on ${db}): older ones are being dropped; ` +
          'use a file store (--db) or a larger --journal-ring to keep them',
      ),
  });
  // On ':memory:' the cores write through rings (the journal bounds itself above).
  const runtime: Runtime = {
    clock,
    random,
    store:
      db === ':memory:'
        ? new RingStore(store, {
            capacities: { ...DEFAULT_MEMORY_RINGS, ...o.memoryRings },
            onFirstDrop: ({ collection, capacity }) =>
              logWarning(
                `${collection} keeps the newest ${capacity} records (a ring on ${db}): older ones are being dropped; ` +
                  `use a file store (--db) or a larger --memory-ring ${collection}=N to keep them`,
              ),
          })
        : store,
    journal,
  };
  const faults = new FaultPlan(random);
  const credentials = new StoreCredentialRegistry(store, { random, clock });
  // The key of the one-time codes' hashes is kept in the store: a code sent before a restart must
  // still be accepted after it (the store keeps only the hash).
  const secrets = store.collection<{ base64: string }>('environment.secrets');
  const otpSecret = Buffer.from(
    (await secrets.get('otp'))?.base64 ?? Buffer.from(random.bytes(32)).toString('base64'),
    'base64',
  );
  // An unexpected error inside a service becomes an ESYS001 fault; the operator still needs to see it.
  let logInternal: (err: unknown, where: { environment: string; serviceId?: string }) => void = () => {};
  const gateway = new ShepGateway({
    runtime,
    faults,
    credentials,
    utcOffsetMinutes,
    ...(o.shep?.wsSecurity ? { wsSecurity: o.shep.wsSecurity } : {}),
    ...(o.shep?.strictMessageDate !== undefined ? { envelope: { strictMessageDate: o.shep.strictMessageDate } } : {}),
    ...(o.shep?.serviceTimeoutMs !== undefined ? { serviceTimeoutMs: o.shep.serviceTimeoutMs } : {}),
    ...(o.shep?.xmlLimits ? { xmlLimits: o.shep.xmlLimits } : {}),
    // A Body signature is checked against the keys Smart Bridge registered for the organisation (R10.2).
    signatureKeys: async (bin, environment) => (await smartBridge.registry.grantFor(bin, environment))?.ovtKeys ?? [],
    onInternalError: (err, where) => logInternal(err, where),
  });
  const sms = new SmsGateway(runtime, { faults });
  const codes = new OneTimeCodes(runtime, { secret: otpSecret });
  const callCenter = new CallCenter(runtime);
  // Smart Bridge issues every SHEP credential (R4, R12) and decides every grant (R7.0, R10.2); the
  // testing act's evidence is what the gateway journaled and the state service recorded (R11).
  // The evidence reads the state service lazily: it exists once kdp below is built.
  const smartBridge: SmartBridge = new SmartBridge({
    clock,
    random,
    store,
    credentials: registrarIssuer(credentials, random),
    evidence: new JournalTestEvidence({
      journal,
      sendersOf: async (bin) =>
        (await smartBridge.applications.ofOrganisation(bin)).flatMap((a) =>
          (['test', 'prod'] as const).flatMap((environment) =>
            a.credentials[environment] ? [{ environment, senderId: a.credentials[environment].senderId }] : [],
          ),
        ),
      consent: (requestId) => kdp.state.requests.get(requestId),
      token: (jti) => kdp.state.tokens.get(jti),
    }),
    ...(o.smartBridge?.calendar ? { calendar: o.smartBridge.calendar } : {}),
    ...(o.smartBridge?.bundles ? { bundles: o.smartBridge.bundles } : {}),
    // One list of ovt algorithms: a key Smart Bridge registers is one the state service can verify.
    profile: {
      ...o.smartBridge?.profile,
      utcOffsetMinutes,
      signatureKeys: {
        ...o.smartBridge?.profile?.signatureKeys,
        algorithms: [...kdpProfile(o.profile ?? {}).ovt.algorithms],
      },
    },
  });
  const kdp = createKdp({
    runtime,
    registry: smartBridge.registry,
    fixtures,
    sms,
    codes,
    callCenter,
    ...(o.profile ? { profile: o.profile } : {}),
  });
  // The echo service lets an integrator test its SHEP client before any state-service logic.
  gateway.register(ECHO_SERVICE);
  for (const service of kdp.services) gateway.register(service);
  const seedOptions = o.smartBridge?.notOnboarded ? { notOnboarded: o.smartBridge.notOnboarded } : {};
  const seed = async () => {
    // After a reset the store is empty: cached verdicts must not outlive the records they came from.
    credentials.clearCache();
    await secrets.put('otp', { base64: otpSecret.toString('base64') });
    // Fixture organisations are onboarded through Smart Bridge, which registers their credentials.
    await seedSmartBridge(smartBridge, fixtures, seedOptions);
  };
  const environment = new Environment({
    store,
    clock,
    faults,
    journal,
    seed,
    afterTimeMoved: async () => {
      await callCenter.sweep();
      await kdp.state.sweep();
      await smartBridge.applications.sweepOverdue();
    },
    onClear: () => gateway.forgetInFlightMessageIds(),
  });
  // The persisted clock first: what the seed onboards is dated in the environment's virtual time.
  await environment.open();
  await seed();

  return {
    fixtures,
    store,
    runtime,
    clock,
    faults,
    gateway,
    sms,
    codes,
    callCenter,
    kdp,
    smartBridge,
    smartBridgeAccess: () => describeSeededAccess(smartBridge, fixtures),
    environment,
    reportWarnings(report) {
      logWarning = report;
    },
    reportShepInternalErrors(report) {
      logInternal = report;
    },
    async close() {
      kdp.stop();
      await environment.flush();
      await store.close();
    },
  };
}
