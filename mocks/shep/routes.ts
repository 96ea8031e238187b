import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ShepExchangeResult, ShepGateway, TransportRefusal } from './soap.ts';
import type { ShepEnvironment } from './environments.ts';
import { buildWsdl } from './wsdl.ts';

export interface ShepRoutesOptions {
  gateway: ShepGateway;
  /**
   * Scheme, host and port written into the WSDL's soap:address (e.g. https://shep.example.kz).
   * Default: taken from the request (protocol and Host header).
   */
  publicBaseUrl?: string;
  /**
   * Which environments to serve at which path. Default: both, at SHEP_PATHS. A port of its own
   * serves one environment at the real path, BARE_SHEP_PATH, so that a client's configured URL
   * needs only a new host.
   */
  mounts?: readonly { environment: ShepEnvironment; path: string }[];
}

/** The real gateway's path (REAL-SYSTEMS.md): POST /bip-sync-wss-gost/. */
export const BARE_SHEP_PATH = '/bip-sync-wss-gost/';

/** The paths of the two environments; each is also served without the trailing slash. */
export const SHEP_PATHS: Readonly<Record<ShepEnvironment, string>> = Object.freeze({
  test: '/test/bip-sync-wss-gost/',
  prod: '/prod/bip-sync-wss-gost/',
});

/** SOAP 1.1 is text/xml; application/soap+xml (SOAP 1.2's type) and application/xml are tolerated. */
const SOAP_CONTENT_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

interface ShepRouteConfig {
  shepEnvironment: ShepEnvironment;
}

function environmentOf(request: FastifyRequest): ShepEnvironment {
  const config = request.routeOptions.config as Partial<ShepRouteConfig> | undefined;
  return config?.shepEnvironment === 'prod' ? 'prod' : 'test';
}

function send(reply: FastifyReply, result: ShepExchangeResult): FastifyReply {
  return reply.status(result.status).header('content-type', result.contentType).send(result.body);
}

function classify(
  err: FastifyError,
  request: FastifyRequest,
  bodyLimit: number,
): { kind: TransportRefusal; detail?: string } {
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413)
    return { kind: 'too-large', detail: `the body is larger than ${bodyLimit} bytes` };
  if (status === 415) {
    const given = request.headers['content-type'] || 'none';
    const why = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? `"${given}"` : err.message;
    return { kind: 'media-type', detail: `${why} (send text/xml in UTF-8)` };
  }
  if (status >= 400 && status < 500) return { kind: 'bad-request', detail: err.message };
  return { kind: 'internal' };
}

/**
 * The gateway over HTTP: a thin fastify 5 plugin. Register it with `app.register(shepRoutes,
 * { gateway })` and NOT through fastify-plugin: it replaces the content-type parsers and the error
 * handler of its own encapsulated scope, which must not leak into the other APIs of the server.
 *
 * Every answer on these routes is SOAP: the gateway's own answers, and also fastify's refusals
 * (body limit, unsupported content type, malformed HTTP), which the error handler hands to the core.
 */
export async function shepRoutes(app: FastifyInstance, options: ShepRoutesOptions): Promise<void> {
  const { gateway } = options;
  const bodyLimit = gateway.bodyLimit;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(SOAP_CONTENT_TYPES, { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      const err = new Error(`charset "${charset}" is not supported, send UTF-8`) as FastifyError;
      err.statusCode = 415;
      done(err, undefined);
      return;
    }
    done(null, body);
  });

  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const { kind, detail } = classify(err, request, bodyLimit);
    if (kind === 'internal') request.log.error({ err }, 'SHEP route failed');
    const result = await gateway.refuseTransport(environmentOf(request), kind, '', detail);
    return send(reply, result);
  });

  const initial = app.initialConfig as {
    ignoreTrailingSlash?: boolean;
    routerOptions?: { ignoreTrailingSlash?: boolean };
  };
  const slashInsensitive = initial.ignoreTrailingSlash === true || initial.routerOptions?.ignoreTrailingSlash === true;

  const mounts = options.mounts ?? (['test', 'prod'] as const).map((e) => ({ environment: e, path: SHEP_PATHS[e] }));
  for (const { environment, path } of mounts) {
    const urls = slashInsensitive ? [path] : [path, path.slice(0, -1)];
    // Anything below the endpoint is still SHEP's: a client with a mistyped URL gets a SOAP fault
    // it can read, not the JSON APIs' problem+json.
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: `${path}*`,
      bodyLimit,
      config: { shepEnvironment: environment } satisfies ShepRouteConfig,
      handler: async (request, reply) =>
        send(
          reply,
          await gateway.refuseTransport(
            environment,
            'not-found',
            '',
            `${request.url.split('?')[0]!.slice(0, 200)}; POST to ${app.prefix}${path}`,
          ),
        ),
    });
    for (const url of urls) {
      app.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        url,
        bodyLimit,
        config: { shepEnvironment: environment } satisfies ShepRouteConfig,
        handler: async (request, reply) => {
          if (
            request.method === 'GET' &&
            Object.keys((request.query ?? {}) as object).some((k) => k.toLowerCase() === 'wsdl')
          ) {
            const base = options.publicBaseUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
            return reply
              .status(200)
              .header('content-type', 'text/xml; charset=utf-8')
              .send(buildWsdl(`${base}${app.prefix}${path}`));
          }
          if (request.method !== 'POST') {
            reply.header('allow', 'POST, GET');
            return send(
              reply,
              await gateway.refuseTransport(
                environment,
                'method',
                '',
                `${request.method} (POST a SOAP message, or GET ?wsdl)`,
              ),
            );
          }
          return send(reply, await gateway.handle(environment, typeof request.body === 'string' ? request.body : ''));
        },
      });
    }
  }
}
