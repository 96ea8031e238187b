import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problem.ts';

/**
 * Refuses Infinity and NaN wherever a request carries numbers. ajv's type coercion turns "1e309"
 * (a path or query value) into Infinity and lets it through `integer` with `minimum`/`maximum`, and
 * JSON.parse turns 1e309 in a body into Infinity too: declared schemas alone do not keep them out.
 * Runs after validation, before any handler, for every plugin (register on the root instance).
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  // A callback hook: it runs on every request and decides synchronously.
  app.addHook('preHandler', (request, _reply, done) => {
    const where =
      nonFinite(request.params, 'params', 0) ??
      nonFinite(request.query, 'querystring', 0) ??
      nonFinite(request.body, 'body', 0);
    if (!where) return done();
    done(
      new ProblemError(400, 'validation', 'The request does not match the schema', `${where} must be a finite number`, {
        errors: [{ field: where, message: 'must be a finite number' }],
      }),
    );
  });
}

/** The path of the first non-finite number in a parsed value, or undefined. */
export function nonFinite(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  // Bodies are bounded by the schemas; the depth cap only keeps a hostile structure from costing much.
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = nonFinite(v, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
