import type { FastifyInstance } from 'fastify';
import { http, HttpResponse, type HttpHandler, type HttpResponseResolver } from 'msw';
import { parseSendMessage } from '../protocol/shep/envelope.ts';
import type { ShepEnvironment } from './shep/environments.ts';
import { SHEP_PATHS } from './shep/routes.ts';
import { API_PREFIXES, createEnvironment, type EnvironmentConfig, type MockEnvironment } from './server.ts';

/**
 * The mock environment in-process, for an integrator's unit tests (package export
 * `kdp-conformance/msw`): msw handlers, one per system and operation, that hand each request to
 * the same fastify routes and cores the networked server runs (fastify's inject: no port is opened
 * and no logic is written twice).
 *
 *   const env = await createInMemoryEnvironment();
 *   const server = setupServer(...kdpHandlers(env, { baseUrl: 'https://shep.test' }));
 *   server.listen();  // then plain fetch to https://shep.test/test/bip-sync-wss-gost/ …
 *
 * Any one operation can be replaced the msw way, for one test:
 *
 *   server.use(shepOperation('https://shep.test', 'test', 'KDP_SERVICE', () => HttpResponse.xml(fault)));
 *   server.use(http.get('https://shep.test/sms/api/v1/phones', () => HttpResponse.json([])));
 *
 * examples/msw-consent-flow.test.ts runs a whole consent flow this way.
 */
export type InMemoryEnvironmentOptions = Omit<EnvironmentConfig, 'logLevel'>;
export type InMemoryEnvironment = MockEnvironment;

/** The whole environment in this process, on an in-memory store unless `db` names a file. */
export function createInMemoryEnvironment(o: InMemoryEnvironmentOptions = {}): Promise<InMemoryEnvironment> {
  return createEnvironment({ ...o, logLevel: 'silent' });
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

/** The system a JSON API prefix belongs to, by API_PREFIXES' own names. */
export type JsonSystem = keyof typeof API_PREFIXES;

const METHODS = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
  HEAD: http.head,
  OPTIONS: http.options,
} as const;

function normalise(baseUrl: string): { base: string; basePath: string } {
  const base = baseUrl.replace(/\/+$/, '');
  return { base, basePath: new URL(base).pathname.replace(/\/+$/, '') };
}

function shepUrls(base: string, environment: ShepEnvironment): string[] {
  const path = `${base}${SHEP_PATHS[environment]}`.replace(/\/+$/, '');
  return [path, `${path}/`];
}

/** The serviceId of a SendMessage body, or undefined when it is not one (the gateway answers those). */
async function serviceIdOf(request: Request): Promise<string | undefined> {
  try {
    return parseSendMessage(await request.clone().text()).requestInfo.serviceId;
  } catch {
    return undefined;
  }
}

/**
 * One SHEP operation: a SendMessage POSTed to that environment's endpoint under `baseUrl` whose
 * requestInfo/serviceId is `serviceId`. Other services on the same URL pass on to the next handler.
 */
export function shepOperation(
  baseUrl: string,
  environment: ShepEnvironment,
  serviceId: string,
  resolver: HttpResponseResolver,
): HttpHandler {
  const urls = new Set(shepUrls(normalise(baseUrl).base, environment));
  return http.post(async ({ request }) => {
    const url = new URL(request.url);
    return urls.has(`${url.origin}${url.pathname}`) && (await serviceIdOf(request)) === serviceId;
  }, resolver);
}

/**
 * The handlers of one system: for SHEP, one per environment and registered service, then the
 * endpoint itself (WSDL, faults for anything that is not a routable SendMessage); for a JSON API,
 * one per route as the server mounts it, then the prefix, so an unknown path still gets the API's
 * own problem+json 404.
 */
export function systemHandlers(
  env: Pick<InMemoryEnvironment, 'app' | 'routes' | 'gateway'>,
  system: 'shep' | JsonSystem,
  options: { baseUrl: string },
): HttpHandler[] {
  const { base, basePath } = normalise(options.baseUrl);
  const resolver = ({ request }: { request: Request }) => forward(env.app, request, basePath);
  if (system === 'shep') {
    return (['test', 'prod'] as const).flatMap((environment) => [
      ...env.gateway.serviceIds().map((serviceId) => shepOperation(base, environment, serviceId, resolver)),
      ...shepUrls(base, environment).map((url) => http.all(url, resolver)),
    ]);
  }
  const prefix = API_PREFIXES[system];
  const operations = env.routes
    .filter((r) => r.url.startsWith(`${prefix}/`) && r.method in METHODS)
    .map((r) => METHODS[r.method as keyof typeof METHODS](`${base}${r.url}`, resolver));
  return [...operations, http.all(`${base}${prefix}/*`, resolver)];
}

/** msw handlers for every system of the environment under `baseUrl` (scheme, host and an optional path). */
export function kdpHandlers(
  env: Pick<InMemoryEnvironment, 'app' | 'routes' | 'gateway'>,
  options: { baseUrl: string },
): HttpHandler[] {
  const systems: ('shep' | JsonSystem)[] = ['shep', ...(Object.keys(API_PREFIXES) as JsonSystem[])];
  return systems.flatMap((system) => systemHandlers(env, system, options));
}

export { buildSendMessageRequest, parseShepReply } from '../protocol/shep/envelope.ts';
export { formatShepDate } from '../protocol/dates.ts';
export {
  readUserDataResponse,
  signOvt,
  tokenDataRequestXml,
  userDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  type UserDataRequestFields,
  type UserDataResponse,
} from '../protocol/kdp/index.ts';
export { KDP_NS } from '../protocol/kdp/fields.ts';
export { forEnvironment, DEFAULT_KDP_PROFILE } from './kdp/profile.ts';
