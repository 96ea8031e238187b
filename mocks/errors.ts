/**
 * A core's refusal, with no transport in it: a stable code from the system's own union (as jose's
 * errors carry a `code` literal), a human title and detail, and extension members (field errors,
 * the requirement at stake). Each adapter maps the code through its own table: the HTTP adapters to
 * problem+json status and type (mocks/<system>/problems.ts), the SOAP adapters to a fault with
 * ErrorInfo. A core never decides a status.
 */
export type SystemName = 'shep' | 'kdp' | 'data-services' | 'sms' | 'callcenter' | 'smart-bridge' | 'environment';

export interface FieldProblem {
  field: string;
  message: string;
  [extension: string]: unknown;
}

export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly system: SystemName;

  constructor(
    readonly code: Code,
    readonly title: string,
    readonly detail?: string,
    /** Extension members, in the order the answer lists them (errors, requirement, …). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  /** Field errors, when the refusal names fields. */
  get errors(): FieldProblem[] | undefined {
    return Array.isArray(this.extra.errors) ? (this.extra.errors as FieldProblem[]) : undefined;
  }
}
