import type { FastifyInstance } from 'fastify';

/**
 * Phone numbers and IINs travel in these APIs' paths and queries (/phones/+77011234567/…,
 * ?subjectIin=…), and fastify logs every request URL. Any run of 10 or more digits — a phone with
 * or without +7, written plain or with spaces, dashes and brackets (raw or %-encoded), an IIN —
 * keeps only its last two digits in a log line.
 */
export function maskPersonalData(text: string): string {
  return text.replace(/\d(?:(?:%20|%2B|[\s\-().+])*\d){9,}/gi, (run) => {
    const digits = run.replace(/%2B|%20|\D/gi, '');
    return '*'.repeat(digits.length - 2) + digits.slice(-2);
  });
}

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
