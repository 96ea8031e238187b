/**
 * Reply schemas every JSON route of the SMS gateway and of 1414 declares for its errors: the
 * problem+json body that mocks/http/problem-handler.ts produces. Extension members stay
 * (additionalProperties), since a problem may carry `state`, `reason` or `retryAfterSeconds`.
 */
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
} as const;

export const errorResponses = { '4xx': problemSchema, '5xx': problemSchema } as const;
