import Fastify, { type FastifyInstance } from 'fastify';
import { http, HttpResponse, type HttpHandler } from 'msw';
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
import { ShepGateway } from './shep/gateway.ts';
import { shepRoutes } from './shep/routes.ts';
import { OneTimeCodes } from './sms/otp.ts';
import { smsRoutes } from './sms/routes.ts';
import { SmsGateway } from './sms/sms-gateway.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/**
 * The mock environment in-process, for an integrator's unit tests (package export
 * `kdp-conformance/msw`): msw handlers that answer the SHEP URLs and the environment's JSON APIs
 * (virtual phone, 1414 operator, environment, KDP) under any base URL, by handing each request to
 * the same fastify routes and cores the networked server runs, through fastify's inject: no port
 * is opened and no logic is written twice.
 *
 *   const env = await createInMemoryEnvironment();
 *   const server = setupServer(...kdpHandlers(env, { baseUrl: 'https://shep.test' }));
 *   server.listen();  // then plain fetch to https://shep.test/test/bip-sync-wss-gost/ …
 *
 * examples/msw-consent-flow.test.ts runs a whole consent flow this way.
 */
export interface InMemoryEnvironmentOptions {
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
}

export interface InMemoryEnvironment {
  /** The routes of the networked server, not listening: what the handlers inject into. */
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

export async function createInMemoryEnvironment(o: InMemoryEnvironmentOptions = {}): Promise<InMemoryEnvironment> {
  const fixtures = o.fixtures ?? (await buildFixtureSet({ ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.subjects !== undefined ? { subjects: o.subjects } : {}) }));
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
  for (const service of kdp.services) gateway.register(service);
  const environment = new Environment({ store, clock, faults, journal, seed });
  await environment.open();

  const app = Fastify({ logger: false });
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

/** Headers fastify sets for its own connection; the Response msw builds sets its own. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * Hands a fetch Request to the fastify routes in-process and turns the answer into a Response.
 * `basePath` (the path of the base URL) is cut off: the routes are mounted at the root.
 */
async function forward(app: FastifyInstance, request: Request, basePath: string): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const res = await app.inject({
    method: request.method as 'GET',
    url: path + url.search,
    headers,
    ...(hasBody ? { payload: Buffer.from(await request.arrayBuffer()) } : {}),
  });
  const out = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (value === undefined || HOP_BY_HOP.has(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
  }
  return new HttpResponse(res.rawPayload, { status: res.statusCode, headers: out });
}

/**
 * msw handlers for every URL of the environment under `baseUrl` (scheme, host and an optional
 * path, no trailing slash): both SHEP environments and the JSON APIs.
 */
export function kdpHandlers(env: Pick<InMemoryEnvironment, 'app'>, options: { baseUrl: string }): HttpHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  const resolver = ({ request }: { request: Request }) => forward(env.app, request, basePath);
  return [
    ...(['test', 'prod'] as const).flatMap((e) => [http.all(`${base}/${e}/bip-sync-wss-gost`, resolver), http.all(`${base}/${e}/bip-sync-wss-gost/`, resolver)]),
    ...Object.values(API_PREFIXES).map((prefix) => http.all(`${base}${prefix}/*`, resolver)),
  ];
}

export { buildSendMessageRequest, parseShepReply } from './shep/envelope.ts';
export { formatShepDate } from './clock/clock.ts';
export { readUserDataResponse, signOvt, tokenDataRequestXml, userDataRequestXml, USER_DATA_REQUEST_TYPE, type UserDataRequestFields, type UserDataResponse } from './kdp/client.ts';
export { KDP_NS } from './kdp/request.ts';
export { forEnvironment, DEFAULT_KDP_PROFILE } from './kdp/profile.ts';
