import Fastify, { type FastifyInstance } from 'fastify';
import { buildFixtureSet } from '../fixtures/fixture-set.ts';
import type { FixtureSet } from '../fixtures/types.ts';
import { CallCenter } from './callcenter/call-center.ts';
import { callCenterRoutes } from './callcenter/routes.ts';
import { VirtualClock } from './clock/clock.ts';
import { Environment } from './environment/environment.ts';
import { FaultPlan } from './environment/faults.ts';
import { environmentRoutes } from './environment/routes.ts';
import { FixtureIntegrationRegistry, type FixtureRegistryOptions } from './integration/fixture-registry.ts';
import { ExchangeJournal } from './journal/journal.ts';
import { createKdp, type Kdp } from './kdp/index.ts';
import type { DeepPartial, KdpProfile } from './kdp/profile.ts';
import { kdpRoutes } from './kdp/routes.ts';
import { systemRandom, type RandomSource } from './random.ts';
import type { Runtime } from './runtime.ts';
import { registerOrganisationCredentials, StoreCredentialRegistry } from './shep/credentials.ts';
import { ECHO_SERVICE } from './shep/echo-service.ts';
import { ShepGateway } from './shep/gateway.ts';
import { shepRoutes } from './shep/routes.ts';
import { OneTimeCodes } from './sms/otp.ts';
import { smsRoutes } from './sms/routes.ts';
import { SmsGateway } from './sms/sms-gateway.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/**
 * The one composition of the mock environment: every core built on one runtime (store, virtual
 * clock, randomness, journal), the gateway's services registered, and every adapter mounted on one
 * fastify instance. `kdp-conformance up` listens with it; the msw handlers (mocks/msw.ts) inject
 * into it without a port.
 */
export interface EnvironmentConfig {
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
  registry?: FixtureRegistryOptions;
  /** fastify's log level; 'silent' (default) for in-process use, 'info' for `up`. */
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Directory where derived fixture RSA keys are cached between runs (deriving one takes ~0.3 s). */
  keyCacheDir?: string;
}

export interface MockEnvironment {
  /** Every route of the environment; `up` listens with it, the msw handlers inject into it. */
  app: FastifyInstance;
  fixtures: FixtureSet;
  runtime: Runtime;
  clock: VirtualClock;
  faults: FaultPlan;
  gateway: ShepGateway;
  sms: SmsGateway;
  codes: OneTimeCodes;
  callCenter: CallCenter;
  kdp: Kdp;
  environment: Environment;
  close(): Promise<void>;
}

/** The route prefixes, as the networked server mounts them. */
export const API_PREFIXES = { sms: '/sms/api/v1', callCenter: '/1414/api/v1', environment: '/env/api/v1', kdp: '/kdp/api/v1' } as const;

export async function createEnvironment(o: EnvironmentConfig = {}): Promise<MockEnvironment> {
  const fixtures =
    o.fixtures ??
    (await buildFixtureSet({
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.subjects !== undefined ? { subjects: o.subjects } : {}),
      ...(o.keyCacheDir !== undefined ? { keyCacheDir: o.keyCacheDir } : {}),
    }));
  const store = new SqliteStore(o.db ?? ':memory:');
  const clock = o.clock ?? new VirtualClock();
  const random = o.random ?? systemRandom;
  const journal = new ExchangeJournal(store, clock, () => random.uuid());
  const runtime: Runtime = { clock, random, store, journal };
  const faults = new FaultPlan(random);
  const credentials = new StoreCredentialRegistry(store, { random, clock });
  // The key of the one-time codes' hashes is kept in the store: a code sent before a restart must
  // still be accepted after it (the store keeps only the hash).
  const secrets = store.collection<{ base64: string }>('environment.secrets');
  const otpSecret = Buffer.from((await secrets.get('otp'))?.base64 ?? Buffer.from(random.bytes(32)).toString('base64'), 'base64');
  const seed = async () => {
    // After a reset the store is empty: cached verdicts must not outlive the records they came from.
    credentials.clearCache();
    await registerOrganisationCredentials(credentials, fixtures.organisations);
    await secrets.put('otp', { base64: otpSecret.toString('base64') });
  };
  await seed();
  const gateway = new ShepGateway({ runtime, faults, credentials });
  const sms = new SmsGateway(runtime, { faults });
  const codes = new OneTimeCodes(runtime, { secret: otpSecret });
  const callCenter = new CallCenter(runtime);
  const kdp = createKdp({
    runtime,
    registry: new FixtureIntegrationRegistry(fixtures, o.registry),
    fixtures,
    sms,
    codes,
    callCenter,
    ...(o.profile ? { profile: o.profile } : {}),
  });
  // The echo service lets an integrator test its SHEP client before any state-service logic.
  gateway.register(ECHO_SERVICE);
  for (const service of kdp.services) gateway.register(service);
  const environment = new Environment({
    store,
    clock,
    faults,
    journal,
    seed,
    afterTimeMoved: async () => {
      await callCenter.sweep();
      await kdp.state.sweep();
    },
  });
  await environment.open();

  const app = Fastify({ logger: o.logLevel && o.logLevel !== 'silent' ? { level: o.logLevel } : false });
  // The store groups writes into one commit per event-loop turn; no answer leaves before the writes
  // behind it are on disk (every plugin below inherits this hook).
  app.addHook('onSend', async () => {
    await store.sync();
  });
  await app.register(shepRoutes, { gateway });
  await app.register(smsRoutes, { prefix: API_PREFIXES.sms, gateway: sms });
  await app.register(callCenterRoutes, { prefix: API_PREFIXES.callCenter, callCenter });
  await app.register(environmentRoutes, { prefix: API_PREFIXES.environment, environment, fixtures });
  await app.register(kdpRoutes, { prefix: API_PREFIXES.kdp, state: kdp.state });
  await app.ready();

  return {
    app,
    fixtures,
    runtime,
    clock,
    faults,
    gateway,
    sms,
    codes,
    callCenter,
    kdp,
    environment,
    async close() {
      kdp.stop();
      await app.close();
      await environment.flush();
      await store.close();
    },
  };
}

