import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REPORT_SCHEMA_ID, REPORT_VERSION, type Report } from './model.ts';

/** The JSON Schema (draft-07) of the report, version 2: what `verify` holds a bundle's report to. */

const STATUSES = ['PASSED', 'FAILED', 'WARNING', 'REVIEW', 'SKIPPED', 'UNKNOWN'];
const str = { type: 'string' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const localized = {
  type: 'object',
  required: ['kk', 'ru', 'en'],
  additionalProperties: false,
  properties: { kk: str, ru: str, en: str },
} as const;
const status = { type: 'string', enum: STATUSES } as const;
const strings = { type: 'array', items: str } as const;
const axis = {
  type: 'object',
  required: ['exercised', 'notExercised'],
  additionalProperties: false,
  properties: { exercised: strings, notExercised: strings },
} as const;
const obj = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties,
});

const expectedFailure = obj(['module', 'check', 'status', 'reason'], {
  module: str,
  variant: stringMap,
  check: str,
  status,
  reason: str,
});

const evidence = {
  type: 'object',
  required: ['id', 'kind', 'at'],
  properties: {
    id: str,
    kind: { type: 'string', enum: ['exchange', 'sms', 'driver', 'person', 'note'] },
    at: str,
  },
  oneOf: [
    obj(['id', 'kind', 'journalId', 'channel', 'at', 'request', 'response', 'outcome'], {
      id: str,
      kind: { const: 'exchange' },
      journalId: str,
      channel: str,
      environment: { type: 'string', enum: ['test', 'prod'] },
      sender: str,
      service: str,
      at: str,
      request: str,
      response: str,
      outcome: str,
    }),
    obj(['id', 'kind', 'at', 'phone', 'direction', 'text'], {
      id: str,
      kind: { const: 'sms' },
      at: str,
      phone: str,
      direction: { type: 'string', enum: ['to-subject', 'from-subject'] },
      text: str,
    }),
    obj(['id', 'kind', 'at', 'method', 'path', 'status'], {
      id: str,
      kind: { const: 'driver' },
      at: str,
      method: str,
      path: str,
      status: { type: 'integer' },
      request: {},
      response: {},
    }),
    obj(['id', 'kind', 'at', 'question', 'answer'], {
      id: str,
      kind: { const: 'person' },
      at: str,
      question: str,
      answer: str,
    }),
    obj(['id', 'kind', 'at', 'text'], { id: str, kind: { const: 'note' }, at: str, text: str }),
  ],
};

const check = obj(
  [
    'id',
    'plan',
    'module',
    'variant',
    'check',
    'requirement',
    'severity',
    'status',
    'message',
    'durationMs',
    'evidence',
  ],
  {
    id: str,
    plan: str,
    module: str,
    variant: stringMap,
    check: str,
    requirement: str,
    severity: { type: 'string', enum: ['FAILURE', 'WARNING'] },
    status,
    message: str,
    durationMs: { type: 'number', minimum: 0 },
    blame: { type: 'string', enum: ['sut', 'configuration', 'environment'] },
    expected: obj(['reason'], { reason: str }),
    evidence: strings,
  },
);

const contractStatus = { type: 'string', enum: ['PASSED', 'FAILED'] } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** Version 2: the contract section, present when the run was given `contracts verify` results. */
const contracts = obj(['status', 'summary', 'pacts', 'requirements', 'unmapped'], {
  status: { type: 'string', enum: ['PASSED', 'FAILED', 'REFUSED'] },
  summary: obj(['pacts', 'interactions', 'passed', 'failed', 'refused'], {
    pacts: count,
    interactions: count,
    passed: count,
    failed: count,
    refused: count,
  }),
  pacts: {
    type: 'array',
    items: obj(['consumer', 'provider', 'verifiedAt', 'status', 'interactions'], {
      consumer: str,
      provider: str,
      file: str,
      specification: str,
      verifiedAt: dateTime,
      status: { type: 'string', enum: ['PASSED', 'FAILED', 'REFUSED'] },
      refused: str,
      interactions: {
        type: 'array',
        items: obj(['id', 'description', 'providerStates', 'status', 'mismatches', 'requirements'], {
          id: str,
          description: str,
          providerStates: {
            type: 'array',
            items: obj(['name'], { name: str, params: { type: 'object' } }),
          },
          status: contractStatus,
          mismatches: {
            type: 'array',
            items: obj(['kind', 'message'], {
              kind: { type: 'string', enum: ['status', 'header', 'body', 'provider-state', 'error'] },
              path: str,
              expected: str,
              actual: str,
              message: str,
            }),
          },
          requirements: strings,
          outcome: str,
          outcomeMessage: str,
          replay: obj(['at', 'note'], { at: str, note: str }),
          substituted: count,
        }),
      },
    }),
  },
  requirements: {
    type: 'array',
    items: obj(['id', 'clause', 'title', 'status', 'interactions'], {
      id: str,
      clause: str,
      title: localized,
      status: contractStatus,
      interactions: strings,
    }),
  },
  unmapped: strings,
});

const counts = Object.fromEntries([...STATUSES, 'total', 'expected'].map((s) => [s, { type: 'integer', minimum: 0 }]));

export const REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: REPORT_SCHEMA_ID,
  title: 'kdp-conformance conformance report',
  ...obj(
    [
      'reportVersion',
      '$schema',
      'generatedAt',
      'harness',
      'profile',
      'runResultVersion',
      'plans',
      'sut',
      'environment',
      'startedAt',
      'endedAt',
      'verdict',
      'summary',
      'attestation',
      'requirements',
      'modules',
      'evidence',
      'expectedFailures',
      'coverage',
      'omitted',
    ],
    {
      reportVersion: { const: REPORT_VERSION },
      $schema: { const: REPORT_SCHEMA_ID },
      generatedAt: dateTime,
      harness: obj(['name', 'version'], { name: str, version: str }),
      profile: obj(['version'], { version: str }),
      runResultVersion: str,
      plans: obj(['ids', 'digest'], { ids: strings, digest: { type: 'string', pattern: '^[0-9a-f]{64}$' } }),
      sut: obj(['name', 'organisation', 'reachedBy'], {
        name: str,
        version: str,
        organisation: obj(['bin', 'name'], { bin: { type: 'string', pattern: '^[0-9]{12}$' }, name: str }),
        reachedBy: { type: 'string', enum: ['driver', 'interactive', 'observation'] },
        target: str,
      }),
      environment: obj(['url', 'kind'], {
        url: str,
        kind: { type: 'string', enum: ['embedded', 'external'] },
        seed: { type: 'integer' },
      }),
      startedAt: dateTime,
      endedAt: dateTime,
      verdict: { type: 'string', enum: ['PASSED', 'FAILED', 'INCOMPLETE'] },
      summary: obj([...STATUSES, 'total', 'expected'], counts),
      attestation: obj(['organisation', 'environment', 'issuedAt', 'expiresAt'], {
        certifiedBy: obj(['name', 'role'], {
          name: { type: 'string', minLength: 1 },
          role: { type: 'string', minLength: 1 },
        }),
        organisation: obj(['bin', 'name'], { bin: str, name: str }),
        environment: str,
        issuedAt: dateTime,
        expiresAt: dateTime,
      }),
      requirements: {
        type: 'array',
        items: obj(['id', 'clause', 'basis', 'title', 'text', 'status', 'checks'], {
          id: str,
          clause: str,
          basis: str,
          title: localized,
          text: localized,
          status,
          checks: { type: 'array', items: check },
        }),
      },
      modules: {
        type: 'array',
        items: obj(['plan', 'module', 'variant', 'status', 'startedAt', 'endedAt'], {
          plan: str,
          module: str,
          variant: stringMap,
          status,
          startedAt: dateTime,
          endedAt: dateTime,
          note: str,
        }),
      },
      evidence: { type: 'object', additionalProperties: evidence },
      expectedFailures: obj(['applied', 'unmet'], {
        applied: { type: 'array', items: expectedFailure },
        unmet: { type: 'array', items: expectedFailure },
      }),
      coverage: obj(['requirements', 'ways', 'dataServices', 'shepOperations'], {
        requirements: axis,
        ways: axis,
        dataServices: axis,
        shepOperations: axis,
      }),
      omitted: obj(['checks'], { checks: { type: 'integer', minimum: 0 } }),
      testingAct: obj(['evidence', 'messageId', 'serviceId', 'at', 'tokenFingerprint'], {
        evidence: str,
        messageId: str,
        serviceId: str,
        at: str,
        tokenFingerprint: { type: 'string', pattern: '^[0-9a-f]{16}$' },
        tokenAlg: str,
      }),
      contracts,
    },
  ),
} as const;

// ajv-formats is CommonJS with a default export; under nodenext its namespace carries it.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let compiled: ReturnType<Ajv['compile']> | undefined;

function validator() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    compiled = ajv.compile(REPORT_SCHEMA);
  }
  return compiled;
}

export type SchemaResult = { valid: true; report: Report } | { valid: false; errors: string[] };

/** Checks a parsed value against the report schema; the errors say where, in JSON Pointer form. */
export function validateReport(value: unknown): SchemaResult {
  const validate = validator();
  if (validate(value)) return { valid: true, report: value as Report };
  return {
    valid: false,
    errors: (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
  };
}
