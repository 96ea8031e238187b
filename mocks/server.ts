import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { callCenterRoutes } from './callcenter/routes.ts';
import { buildCores, type CoresConfig, type EnvironmentCores } from './compose.ts';
import { environmentRoutes } from './environment/routes.ts';
import { environmentSurfaces } from './http/environment-surfaces.ts';
import { refuseNonFiniteNumbers } from './http/finite-numbers.ts';
import { requestGuard, type AccessPolicy } from './http/request-guard.ts';
import { requestTimeoutOptions, type RequestTimeouts } from './http/timeouts.ts';
import { maskUrlsInLogs } from './http/log-masking.ts';
import { commitBeforeAnswer } from './http/commit-before-answer.ts';
import { useProblemJson } from './http/problem-handler.ts';
import { lazySchemas, type LazySchemas } from './http/lazy-schemas.ts';
import { kdpRoutes } from './kdp/routes.ts';
import { PROBLEM_BASE } from './problem.ts';
import type { ShepEnvironment } from './shep/environments.ts';
import { BARE_SHEP_PATH, SHEP_PATHS, shepRoutes } from './shep/routes.ts';
import { smartBridgeEnvironmentRoutes } from './smart-bridge/environment-routes.ts';
import { smartBridgeRoutes } from './smart-bridge/routes.ts';
import { smsRoutes } from './sms/routes.ts';

/**
 * The mock environment in two steps that read top to bottom: build the cores (compose.ts, no
 * fastify), then mount every HTTP adapter on one fastify instance (mountHttp below).
 * `kdp-conformance up` listens with it; the msw handlers (mocks/msw.ts) inject into it without a port.
 */
export interface EnvironmentConfig extends CoresConfig {
  /** fastify's log level; 'silent' (default) for in-process use, 'info' for `up`. */
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Told of every route as it is mounted, so that a suite can cover routes it was never told of. */
  onRoute?: (route: { method: string; url: string }) => void;
  /** Who may reach it over a socket (`up`): Host names, access token. Unset in-process (docs/security.md). */
  access?: AccessPolicy;
  /** How long a client may take to send a request (slow clients are cut off). */
  timeouts?: RequestTimeouts;
}

export interface MockEnvironment extends Omit<
  EnvironmentCores,
  'store' | 'reportShepInternalErrors' | 'reportWarnings' | 'close'
> {
  /** Every route of the environment; `up` listens with it, the msw handlers inject into it. */
  app: FastifyInstance;
  /** Every route as mounted (method and fastify path): the msw adapter makes one handler per operation of them. */
  routes: readonly { method: string; url: string }[];
  /** Compiles the route schemas not used yet, one per event-loop turn (`up` runs it once listening). */
  warmUp(): Promise<void>;
  /**
   * One SHEP environment alone at the real path /bip-sync-wss-gost/, for a port of its own
   * (`up --test-port`, `--prod-port`): built once per environment, closed with the environment.
   */
  bareShepApp(environment: ShepEnvironment): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** The route prefixes, as the networked server mounts them. */
export const API_PREFIXES = {
  sms: '/sms/api/v1',
  callCenter: '/1414/api/v1',
  environment: '/env/api/v1',
  kdp: '/kdp/api/v1',
  smartBridge: '/smart-bridge/api/v1',
} as const;

export async function createEnvironment(o: EnvironmentConfig = {}): Promise<MockEnvironment> {
  const cores = await buildCores(o);
  const routes: { method: string; url: string }[] = [];
  // Schemas compile on first use (and in warmUp), so the first answer does not wait for all of them.
  const schemas = lazySchemas();
  const app = await mountHttp(cores, {
    ...o,
    schemas,
    onRoute: (route) => {
      routes.push(route);
      o.onRoute?.(route);
    },
  });
  const {
    store: _store,
    reportShepInternalErrors: _report,
    reportWarnings: _warnings,
    close: closeCores,
    ...exposed
  } = cores;
  const bare = new Map<ShepEnvironment, Promise<FastifyInstance>>();
  return {
    ...exposed,
    app,
    routes,
    warmUp: () => schemas.warm(),
    bareShepApp(environment) {
      let built = bare.get(environment);
      if (!built) {
        built = mountBareShep(cores, environment, o);
        bare.set(environment, built);
      }
      return built;
    },
    async close() {
      schemas.stop();
      cores.kdp.stop();
      for (const b of bare.values()) await (await b).close();
      await app.close();
      await closeCores();
    },
  };
}

const isLogging = (level: string | undefined): level is string =>
  level !== undefined && level !== '' && level !== 'silent';

/** A fastify instance that is SHEP and nothing else: one environment at BARE_SHEP_PATH, SOAP faults for any other path. */
async function mountBareShep(
  cores: EnvironmentCores,
  environment: ShepEnvironment,
  o: Pick<EnvironmentConfig, 'logLevel' | 'timeouts'>,
): Promise<FastifyInstance> {
  const { gateway, store } = cores;
  const refuse = (reply: FastifyReply, kind: 'bad-request' | 'not-found', detail: string) =>
    void gateway
      .refuseTransport(environment, kind, '', detail)
      .then((r) => reply.code(r.status).type(r.contentType).send(r.body))
      .catch(() => reply.code(500).type('text/xml; charset=utf-8').send(''));
  // SHEP needs no Host or token check (docs/security.md): the slow-client limits are all it shares.
  const logging = isLogging(o.logLevel);
  const app = Fastify({
    ...requestTimeoutOptions(o.timeouts),
    logger: logging ? { level: o.logLevel } : false,
    frameworkErrors: (err, _request, raw) => refuse(raw as unknown as FastifyReply, 'bad-request', err.message),
  });
  commitBeforeAnswer(app, store);
  if (logging) maskUrlsInLogs(app);
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, 'not-found', `${request.url.split('?')[0]!.slice(0, 200)}; POST to ${BARE_SHEP_PATH}`),
  );
  await app.register(shepRoutes, { gateway, mounts: [{ environment, path: BARE_SHEP_PATH }] });
  await app.ready();
  return app;
}

/** Step two: every HTTP adapter over the cores, on one fastify instance. */
export async function mountHttp(
  cores: EnvironmentCores,
  o: Pick<EnvironmentConfig, 'logLevel' | 'onRoute' | 'access' | 'timeouts'> & { schemas?: LazySchemas } = {},
): Promise<FastifyInstance> {
  const { gateway, store, sms, callCenter, environment, fixtures, kdp, smartBridge } = cores;
  const logging = isLogging(o.logLevel);
  const app = Fastify({
    schemaController: { compilersFactory: (o.schemas ?? lazySchemas()).compilersFactory },
    // An unknown key in a body is refused with its path, not silently dropped (fastify's default).
    ajv: { customOptions: { removeAdditional: false } },
    ...requestTimeoutOptions(o.timeouts),
    logger: logging ? { level: o.logLevel } : false,
    // The router refuses a malformed or over-long path before any plugin sees it: answer in the
    // protocol's own form all the same (a SOAP fault on SHEP, problem+json elsewhere).
    frameworkErrors: (err, request, raw) => {
      const reply = raw as unknown as FastifyReply;
      const shep = (['test', 'prod'] as const).find((e) => request.url.startsWith(SHEP_PATHS[e].replace(/\/$/, '')));
      if (shep) {
        return void gateway
          .refuseTransport(shep, 'bad-request', '', err.message)
          .then((r) => reply.code(r.status).type(r.contentType).send(r.body))
          .catch(() => reply.code(500).type('text/xml; charset=utf-8').send(''));
      }
      void reply
        .code(400)
        .type('application/problem+json')
        .send({
          type: `${PROBLEM_BASE}bad-request`,
          title: 'Bad request',
          status: 400,
          detail: err.message.slice(0, 300),
        });
    },
  });
  cores.reportWarnings((message) => app.log.warn(message));
  cores.reportShepInternalErrors((err, where) =>
    app.log.error({ err, ...where }, 'SHEP service failed (answered ESYS001)'),
  );
  commitBeforeAnswer(app, store);
  await app.register(requestGuard, {
    policy: o.access,
    surfaces: environmentSurfaces(API_PREFIXES, Object.values(SHEP_PATHS)),
  });
  refuseNonFiniteNumbers(app);
  // Paths and queries carry phone numbers and IINs: every request logger masks them, and an unknown
  // path is answered (not logged as a raw URL) by the root's problem+json handlers. With logging off
  // there is nothing to mask, and the factory would still run for every request.
  if (logging) maskUrlsInLogs(app);
  useProblemJson(app);
  if (o.onRoute) {
    const tell = o.onRoute;
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) tell({ method, url: route.url });
    });
  }
  await app.register(shepRoutes, { gateway });
  await app.register(smsRoutes, { prefix: API_PREFIXES.sms, gateway: sms });
  await app.register(callCenterRoutes, { prefix: API_PREFIXES.callCenter, callCenter });
  await app.register(environmentRoutes, {
    prefix: API_PREFIXES.environment,
    environment,
    fixtures,
    smartBridge: cores.smartBridgeAccess,
  });
  await app.register(kdpRoutes, { prefix: API_PREFIXES.kdp, state: kdp.state });
  await app.register(smartBridgeRoutes, { prefix: API_PREFIXES.smartBridge, bridge: smartBridge });
  await app.register(smartBridgeEnvironmentRoutes, {
    prefix: `${API_PREFIXES.environment}/smart-bridge`,
    bridge: smartBridge,
    access: cores.smartBridgeAccess,
  });
  await app.ready();
  return app;
}
