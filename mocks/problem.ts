import type { RequirementId } from '../requirements/index.ts';

/**
 * problem+json (RFC 9457) for every JSON API of the environment. Domain cores throw ProblemError;
 * the fastify adapters turn it (and schema-validation errors) into the response.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level errors, where a form or a body was refused. */
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'urn:kdp-conformance:problem:';

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extra: Record<string, unknown> & { requirement?: RequirementId } = {},
  ) {
    super(detail ?? title);
    this.problem = { type: PROBLEM_BASE + slug, title, status, ...(detail ? { detail } : {}), ...extra };
  }
}
