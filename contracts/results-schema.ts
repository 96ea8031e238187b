import { Ajv } from 'ajv';
import { CONTRACT_RESULT_VERSION, type ContractResults } from './results.ts';

/**
 * The JSON Schema of what `contracts verify --out FILE` writes, so that `run --contracts FILE` can
 * refuse a file that is not one (a hand-edited or foreign JSON) before it reaches a signed report.
 */
const str = { type: 'string' } as const;
const obj = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
});

export const CONTRACT_RESULTS_SCHEMA = obj(['version', 'pact', 'verifiedAt', 'status', 'interactions'], {
  version: { const: CONTRACT_RESULT_VERSION },
  pact: obj(['consumer', 'provider'], { consumer: str, provider: str, file: str, specification: str }),
  verifiedAt: str,
  status: { enum: ['PASSED', 'FAILED', 'REFUSED'] },
  refused: str,
  interactions: {
    type: 'array',
    items: obj(['description', 'providerStates', 'status', 'mismatches', 'requirements'], {
      description: str,
      providerStates: { type: 'array', items: obj(['name'], { name: str, params: { type: 'object' } }) },
      status: { enum: ['PASSED', 'FAILED'] },
      mismatches: {
        type: 'array',
        items: obj(['kind', 'message'], {
          kind: { enum: ['status', 'header', 'body', 'provider-state', 'error'] },
          path: str,
          expected: str,
          actual: str,
          message: str,
        }),
      },
      requirements: { type: 'array', items: str },
      outcome: str,
      outcomeMessage: str,
      replay: obj(['at', 'note'], { at: str, note: str }),
      substituted: { type: 'integer', minimum: 0 },
    }),
  },
});

let validate: ReturnType<Ajv['compile']> | undefined;

/** The value as ContractResults, or an Error saying where it is not one. */
export function parseContractResults(value: unknown): ContractResults {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(CONTRACT_RESULTS_SCHEMA);
  if (validate(value)) {
    const r = value as ContractResults;
    if (Number.isNaN(Date.parse(r.verifiedAt))) throw new Error('/verifiedAt is not a date-time');
    return r;
  }
  throw new Error(
    (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
      .join('; '),
  );
}
