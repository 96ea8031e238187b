import type { DomainError } from '../errors.ts';
import { PROBLEM_BASE, type Problem } from '../problem.ts';

/** One HTTP adapter's mapping of its core's codes: the status, and the problem type when it is not the code. */
export type ProblemTable<Code extends string> = { readonly [C in Code]: { status: number; type?: string } };

/** The problem+json body of a core's refusal, through its adapter's table. */
export function problemFromTable<Code extends string>(err: DomainError<Code>, table: ProblemTable<Code>): Problem {
  const entry = table[err.code];
  return {
    type: PROBLEM_BASE + (entry.type ?? err.code),
    title: err.title,
    status: entry.status,
    ...(err.detail ? { detail: err.detail } : {}),
    ...err.extra,
  };
}
