/**
 * The problem+json body (RFC 9457) that problem-handler.ts produces, as a JSON Schema every JSON
 * route declares for its refusals. Extension members stay (additionalProperties): a problem may
 * carry `state`, `reason`, `retryAfterSeconds`.
 */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  required: ['type', 'title', 'status'],
  additionalProperties: true,
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    requirement: { type: 'string', description: 'The requirement ID (RULES.md) the refusal enforces' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        additionalProperties: true,
        properties: { field: { type: 'string' }, message: { type: 'string' }, requirement: { type: 'string' } },
      },
    },
  },
} as const;

/** Reply schemas for a route's refusals and failures. */
export const PROBLEM_REPLIES = { '4xx': PROBLEM_SCHEMA, '5xx': PROBLEM_SCHEMA } as const;
