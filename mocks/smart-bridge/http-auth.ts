import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../problem.ts';
import type { ApiKeyRegistry, Principal } from './api-keys.ts';

/**
 * Bearer API keys for every route but the public ones (the OpenAPI document, tus discovery). The
 * principal is kept beside the request, not decorated onto it, so nothing leaks to sibling plugins.
 */
export function useBearerAuth(
  app: FastifyInstance,
  apiKeys: ApiKeyRegistry,
  isPublic: (request: FastifyRequest) => boolean,
): (request: FastifyRequest) => Principal {
  const principals = new WeakMap<FastifyRequest, Principal>();

  app.addHook('onRequest', async (request, reply) => {
    if (isPublic(request)) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await apiKeys.authenticate(match[1]!) : undefined;
    if (!principal) {
      void reply.header('WWW-Authenticate', 'Bearer realm="smart-bridge"');
      throw new ProblemError(
        401,
        'unauthorized',
        'Authentication required',
        match ? 'the API key is unknown or revoked' : 'send Authorization: Bearer <API key issued by the environment>',
      );
    }
    principals.set(request, principal);
  });

  return (request) => {
    const p = principals.get(request);
    if (!p) throw new ProblemError(401, 'unauthorized', 'Authentication required', 'no authenticated caller');
    return p;
  };
}
