import { DomainError } from '../errors.ts';
import { ProblemError } from '../problem.ts';

/**
 * Cores name fields inside what they checked (`bin`, `by`); over HTTP the field is prefixed with
 * where that is in the request (`body/bin`, `querystring/from`).
 */
export async function fieldsAt<R>(prefix: string, fn: () => R | Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError && err.errors) {
      err.extra.errors = err.errors.map((e) => ({ ...e, field: prefix + e.field }));
    } else if (err instanceof ProblemError && Array.isArray(err.problem.errors)) {
      err.problem.errors = err.problem.errors.map((e) => ({ ...e, field: prefix + e.field }));
    }
    throw err;
  }
}
