import type { FastifyInstance } from 'fastify';
import { maskPersonalData } from '../mask.ts';

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
}

function maskedRequest(req: LoggedRequest) {
  return { method: req.method, url: maskPersonalData(req.url ?? ''), host: req.host, remoteAddress: req.ip };
}

/**
 * Gives every request logger of the plugin it is called in a masking `req` serializer (T-SMS-11).
 * A child-logger factory rather than per-route serializers, because the plugin's not-found handler
 * (an unknown path can carry a phone too) gets no route options but does get the factory.
 */
export function maskUrlsInLogs(app: FastifyInstance): void {
  app.setChildLoggerFactory((logger, bindings, opts) =>
    logger.child(bindings, { ...opts, serializers: { ...opts.serializers, req: maskedRequest } }),
  );
}
