import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ProblemError } from '../problem.ts';

/**
 * Who may reach the environment over HTTP (docs/security.md). A web page the user visits while
 * `up` runs must not be able to drive it: a DNS-rebinding page addresses it by the attacker's name
 * (refused by the Host check), a cross-site page sends its own Origin (refused) or a "simple"
 * request body a browser sends without a CORS preflight (text/plain, form-urlencoded, multipart:
 * refused on JSON routes). Binding beyond loopback adds an access token in front of the APIs that
 * hold the environment's keys (the environment API, Smart Bridge's authority role).
 *
 * Register it on the root instance, before the APIs: it hooks onRequest for every route, so a
 * refusal costs no body parsing.
 */

/** The header that carries the access token (Smart Bridge's Authorization carries its API keys). */
export const ACCESS_TOKEN_HEADER = 'x-kdp-access-token';

/** Names every loopback bind is addressed by (RFC 6761 localhost, IPv4 and IPv6 loopback). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

export interface AccessPolicy {
  /**
   * Host names clients may address the server by, each `name` (with the port the server listens
   * on, or none) or `name:port` (exactly). Loopback names are always allowed.
   */
  allowedHosts: readonly string[];
  /** When set, the surfaces that ask for it need this value in the X-KDP-Access-Token header. */
  accessToken?: string;
}

/** What one part of the server (by path prefix) asks of a request. */
export interface Surface {
  prefix: string;
  /** Host checked against the policy. False only for a protocol's clients that address it by any name (SHEP). */
  host: boolean;
  /**
   * Content types a state-changing request may carry besides application/json (a protocol's own);
   * 'any' leaves the content type to the routes (SHEP checks text/xml itself).
   */
  bodyTypes: readonly string[] | 'any';
  /** Whether the access token is needed (when the policy has one). */
  token: boolean | ((request: FastifyRequest) => boolean);
}

export interface RequestGuardOptions {
  /** Undefined in-process (msw, inject): no socket, no browser, so neither Host nor Origin is checked. */
  policy: AccessPolicy | undefined;
  /** First matching prefix wins; a path under none gets the strictest treatment but the token. */
  surfaces: readonly Surface[];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_SURFACE: Surface = { prefix: '/', host: true, bodyTypes: [], token: false };

/**
 * A refusal made by the guard: problem+json on the JSON APIs; `statusCode` lets the SHEP routes'
 * error handler answer it as a SOAP fault with ErrorInfo instead.
 */
export class GuardRefusal extends ProblemError {
  readonly statusCode: number;
  constructor(status: number, slug: string, title: string, detail: string) {
    super(status, slug, title, detail);
    this.statusCode = status;
  }
}

/** True when binding to this address reaches only this machine. */
export function isLoopbackBind(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** `name` or `name:port`, lower-cased; IPv6 literals keep their brackets. */
export function splitAuthority(authority: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/i.exec(authority.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), ...(m[2] !== undefined ? { port: Number(m[2]) } : {}) };
}

/**
 * Whether `authority` (a Host header, or an Origin's host) is one the server was started for.
 * `listening` is the port the server listens on, undefined when it does not (in-process).
 */
export function hostAllowed(authority: string, policy: AccessPolicy, listening: number | undefined): boolean {
  const given = splitAuthority(authority);
  if (!given) return false;
  const loopback = LOOPBACK_NAMES.map((name) => ({ name, explicit: false }));
  const extra = policy.allowedHosts.flatMap((h) => {
    const a = splitAuthority(h);
    return a ? [{ name: a.name, port: a.port, explicit: true }] : [];
  });
  return [...loopback, ...extra].some((entry) => {
    if (entry.name !== given.name) return false;
    if ('port' in entry && entry.port !== undefined) return given.port === entry.port;
    // A name given without port: the port listened on; a proxy in front may leave the port out.
    if (given.port === undefined) return entry.explicit || listening === 80 || listening === undefined;
    return listening === undefined || given.port === listening;
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function mediaType(request: FastifyRequest): string | undefined {
  const raw = request.headers['content-type'];
  return raw === undefined ? undefined : raw.split(';')[0]!.trim().toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The checks, in order; throws the first refusal. Exported for tests of single cases. */
export function check(request: FastifyRequest, options: RequestGuardOptions, listening: number | undefined): void {
  // The route's own pattern, not the raw URL: a percent-encoded or odd spelling of a path reaches
  // the same route and must meet the same surface. Unrouted requests (404) get the default.
  const path = request.routeOptions.url ?? request.url.split('?')[0]!;
  const surface = options.surfaces.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`)) ?? DEFAULT_SURFACE;
  const policy = options.policy;

  if (policy && surface.host) {
    const host = request.headers.host ?? '';
    if (!hostAllowed(host, policy, listening)) {
      throw new GuardRefusal(
        403,
        'host-not-allowed',
        'This host name is not one the environment was started for',
        `Host "${host.slice(0, 100)}" is not allowed; address the environment as localhost or 127.0.0.1, or start it with --allow-host <name>`,
      );
    }
  }

  const origin = request.headers.origin;
  if (policy && origin !== undefined) {
    let authority: string | undefined;
    try {
      const u = new URL(origin);
      if (u.protocol === 'http:' || u.protocol === 'https:') authority = u.host;
    } catch {
      authority = undefined;
    }
    if (authority === undefined || !hostAllowed(authority, policy, listening)) {
      throw new GuardRefusal(
        403,
        'origin-not-allowed',
        'Requests from another web origin are refused',
        `Origin "${origin.slice(0, 100)}" is not this environment; a web page cannot drive it`,
      );
    }
  }

  if (STATE_CHANGING.has(request.method) && surface.bodyTypes !== 'any') {
    const type = mediaType(request);
    const accepted = type === 'application/json' || (type !== undefined && surface.bodyTypes.includes(type));
    // No content type at all is fine without a body (curl -X POST …/reset); a browser sending one
    // cross-site also sends Origin, refused above.
    if (type === undefined ? hasBody(request) : !accepted) {
      throw new GuardRefusal(
        415,
        'unsupported-media-type',
        'The body must be application/json',
        `Content-Type ${type ?? 'absent'} is not accepted here; send application/json`,
      );
    }
  }

  const needsToken = typeof surface.token === 'function' ? surface.token(request) : surface.token;
  if (policy?.accessToken !== undefined && needsToken) {
    const given = request.headers[ACCESS_TOKEN_HEADER];
    if (typeof given !== 'string' || !sameToken(given, policy.accessToken)) {
      throw new GuardRefusal(
        401,
        'access-token-required',
        'The access token is required',
        `send the token \`up\` printed at start in the ${ACCESS_TOKEN_HEADER} header`,
      );
    }
  }
}

/**
 * The guard as a fastify plugin. Not encapsulated (skip-override, what fastify-plugin sets): its
 * hook must run for every route of the server, whichever plugin declares it.
 */
export const requestGuard: FastifyPluginAsync<RequestGuardOptions> = async (app: FastifyInstance, options) => {
  // The port, read once the server listens: every request needs it and Server.address() is not free.
  let port: number | undefined;
  const listening = (): number | undefined => {
    if (port !== undefined) return port;
    const address = app.server.address();
    if (address !== null && typeof address === 'object') port = (address as AddressInfo).port;
    return port;
  };
  app.server.on('close', () => {
    port = undefined;
  });
  // A callback hook, not an async one: it runs on every request and decides synchronously.
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      check(request, options, listening());
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  });
};
(requestGuard as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
