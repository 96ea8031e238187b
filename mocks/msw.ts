import type { FastifyInstance } from 'fastify';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { API_PREFIXES, createEnvironment, type EnvironmentConfig, type MockEnvironment } from './server.ts';

/**
 * The mock environment in-process, for an integrator's unit tests (package export
 * `kdp-conformance/msw`): msw handlers that answer the SHEP URLs and the environment's JSON APIs
 * (virtual phone, 1414 operator, environment, KDP, Smart Bridge) under any base URL, by handing each request to
 * the same fastify routes and cores the networked server runs, through fastify's inject: no port
 * is opened and no logic is written twice.
 *
 *   const env = await createInMemoryEnvironment();
 *   const server = setupServer(...kdpHandlers(env, { baseUrl: 'https://shep.test' }));
 *   server.listen();  // then plain fetch to https://shep.test/test/bip-sync-wss-gost/ …
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

/**
 * msw handlers for every URL of the environment under `baseUrl` (scheme, host and an optional
 * path, no trailing slash): both SHEP environments and the JSON APIs.
 */
export function kdpHandlers(env: Pick<InMemoryEnvironment, 'app'>, options: { baseUrl: string }): HttpHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  const resolver = ({ request }: { request: Request }) => forward(env.app, request, basePath);
  return [
    ...(['test', 'prod'] as const).flatMap((e) => [
      http.all(`${base}/${e}/bip-sync-wss-gost`, resolver),
      http.all(`${base}/${e}/bip-sync-wss-gost/`, resolver),
    ]),
    ...Object.values(API_PREFIXES).map((prefix) => http.all(`${base}${prefix}/*`, resolver)),
  ];
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
