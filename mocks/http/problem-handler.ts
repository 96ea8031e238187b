import type { FastifyError, FastifyInstance } from 'fastify';
import { CALLCENTER_PROBLEMS } from '../callcenter/problems.ts';
import { ENVIRONMENT_PROBLEMS } from '../environment/problems.ts';
import { DomainError } from '../errors.ts';
import { KDP_PROBLEMS } from '../kdp/problems.ts';
import { PROBLEM_BASE, ProblemError, type Problem } from '../problem.ts';
import { SMART_BRIDGE_PROBLEMS } from '../smart-bridge/problems.ts';
import { SMS_PROBLEMS } from '../sms/problems.ts';
import { StoreBusyError } from '../store/store.ts';
import { problemFromTable, type ProblemTable } from './problem-table.ts';

/**
 * Every JSON API's table, by the system whose core refused. A refusal can cross systems (the SMS
 * API delivering an answer the state service refuses), so the handler of every plugin knows them all.
 */
const TABLES: Partial<Record<DomainError['system'], ProblemTable<string>>> = {
  sms: SMS_PROBLEMS,
  callcenter: CALLCENTER_PROBLEMS,
  kdp: KDP_PROBLEMS,
  'smart-bridge': SMART_BRIDGE_PROBLEMS,
  environment: ENVIRONMENT_PROBLEMS,
};

/**
 * Makes every error of a JSON API plugin a problem+json answer: domain refusals (ProblemError),
 * schema-validation failures (field-level errors), unparsable bodies, unknown routes. Nothing
 * reaches the client as a bare 500 stack.
 */
export function useProblemJson(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ProblemError | DomainError, request, reply) => {
    const problem = toProblem(err);
    // 503 is load, said so to the client; anything else from 500 up is a bug to look at.
    if (problem.status >= 500 && problem.status !== 503) request.log.error({ err }, 'unhandled error');
    if (typeof problem.retryAfterSeconds === 'number')
      void reply.header('retry-after', String(problem.retryAfterSeconds));
    void reply.status(problem.status).type('application/problem+json').send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: PROBLEM_BASE + 'not-found',
        title: 'Not found',
        status: 404,
        detail: `${request.method} ${request.url} is not a route of this API`,
      });
  });
}

export function toProblem(err: unknown): Problem {
  if (err instanceof ProblemError) return err.problem;
  if (err instanceof StoreBusyError)
    return {
      type: PROBLEM_BASE + 'busy',
      title: 'Busy reading the store',
      status: 503,
      detail: err.message,
      retryAfterSeconds: err.retryAfterSeconds,
    };
  if (err instanceof DomainError) {
    const table = TABLES[err.system];
    if (table && err.code in table) return problemFromTable(err, table);
  }
  const e = err as Partial<FastifyError> & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
  };
  if (e.validation) {
    const errors = e.validation.map((v) => {
      const missing = v.params && typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      const extra =
        v.params && typeof v.params.additionalProperty === 'string' ? `/${v.params.additionalProperty}` : '';
      const field = `${e.validationContext ?? 'body'}${v.instancePath ?? ''}${missing}${extra}`;
      return { field, message: v.message ?? 'invalid' };
    });
    return {
      type: PROBLEM_BASE + 'validation',
      title: 'The request does not match the schema',
      status: 400,
      detail: e.message,
      errors,
    };
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status < 500) {
    return {
      type: PROBLEM_BASE + (e.code ?? 'bad-request').toLowerCase(),
      title: 'The request was refused',
      status,
      detail: e.message ?? 'bad request',
    };
  }
  return {
    type: PROBLEM_BASE + 'internal',
    title: 'Internal error',
    status: 500,
    detail: 'the environment failed to handle this request; it keeps running',
  };
}
