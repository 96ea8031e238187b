import { PROBLEM_SCHEMA } from '../http/problem-schema.ts';
import { ARTICLE9_GROUNDS, CONSENT_WAYS } from '../../protocol/kdp/ways.ts';
import { CALENDAR_YEARS } from './calendar.ts';
import { APPLICATION_STATUSES, ATTACHMENT_KINDS } from './model.ts';
import type { SmartBridgeProfile } from './profile.ts';
import { MAX_REVIEW_WORKING_DAYS } from './review-deadline.ts';

/**
 * JSON Schemas of the HTTP API: the contract the OpenAPI document publishes. Enumerations that the
 * profile configures (data services, stages, storage bases) are built from it, so the document says
 * what this environment accepts. The domain rules (form.ts) are checked after these.
 */

const text = (maxLength = 500, description?: string) => ({
  type: 'string',
  minLength: 1,
  maxLength,
  ...(description ? { description } : {}),
});
const ISO_INSTANT = { type: 'string', format: 'date-time' };
const ISO_DATE = { type: 'string', format: 'date' };
const BIN = { type: 'string', pattern: '^[0-9]{12}$', description: 'BIN: 12 digits with a valid check digit' };
const obj = (required: string[], properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
  ...extra,
});

export const PROBLEM = PROBLEM_SCHEMA;

const problemContent = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM } },
});

/** Every route answers its refusals as problem+json. */
export const PROBLEM_RESPONSES = {
  '4xx': problemContent('Refused: problem+json with field-level errors where a form or body was refused'),
  '5xx': problemContent('The environment failed; problem+json'),
};

export const ID_PARAMS = obj(['id'], { id: { type: 'string', format: 'uuid' } });

const REASON = obj(['message'], { message: text(2000), field: text(300, 'The form field the reason is about') });
const REASONS = { type: 'array', minItems: 1, maxItems: 50, items: REASON };
const ACTOR = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'string', enum: ['organisation', 'authority', 'system'] },
    bin: { type: 'string' },
    name: { type: 'string' },
  },
};
const SCOPE_PROPS = (profile: SmartBridgeProfile) => ({
  services: { type: 'array', uniqueItems: true, items: { type: 'string', enum: profile.dataServices } },
  ways: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...CONSENT_WAYS] } },
  article9Grounds: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...ARTICLE9_GROUNDS] } },
});

export function formSchema(profile: SmartBridgeProfile) {
  return obj(
    ['organisation', 'contact', 'informationSystem', 'services', 'dataHandling', 'ways', 'article9Grounds'],
    {
      organisation: obj(
        ['bin', 'name', 'kind', 'agreementWithAuthorizedBody', 'connectedToSoc', 'proactiveServiceProvider'],
        {
          bin: BIN,
          name: text(300),
          kind: { type: 'string', enum: ['bank', 'state-body', 'company'] },
          agreementWithAuthorizedBody: {
            type: 'boolean',
            description: 'Clause 7.2: holds an agreement with the authorized body',
          },
          connectedToSoc: {
            type: 'boolean',
            description: 'Clause 7.2: connected to the information-security operations center',
          },
          proactiveServiceProvider: { type: 'boolean', description: 'Clause 7.3: provides proactive services' },
        },
      ),
      contact: obj(['fullName', 'position', 'email', 'phone'], {
        fullName: text(200),
        position: text(200),
        email: { type: 'string', format: 'email', maxLength: 200 },
        phone: { type: 'string', pattern: '^\\+[0-9]{7,15}$' },
      }),
      informationSystem: obj(['name', 'subjectToUnifiedRequirements'], {
        name: text(300),
        subjectToUnifiedRequirements: {
          type: 'boolean',
          description: 'Clause 7: under the unified ICT and IS requirements (decree No 832); test protocols required',
        },
      }),
      services: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        description: 'R5.1: the services within which personal data are accessed',
        items: obj(['name', 'dataServices', 'businessProcess', 'stage'], {
          name: text(300),
          dataServices: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', enum: profile.dataServices },
            description: 'R5.2',
          },
          businessProcess: {
            type: 'string',
            minLength: 20,
            maxLength: 10_000,
            description: 'R5.2: the business process',
          },
          stage: { type: 'string', enum: profile.stages, description: 'R5.3: stage of service provision' },
        }),
      },
      dataHandling: obj(['storagePeriodDays', 'processingPeriodDays', 'storageGrounds'], {
        storagePeriodDays: { type: 'integer', minimum: 0, maximum: profile.maxPeriodDays, description: 'R5.4' },
        processingPeriodDays: { type: 'integer', minimum: 0, maximum: profile.maxPeriodDays, description: 'R5.4' },
        storageGrounds: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          description: 'R5.5',
          items: obj(['basis', 'reference'], {
            basis: { type: 'string', enum: profile.storageBases },
            reference: text(1000),
          }),
        },
      }),
      ways: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: [...CONSENT_WAYS] },
        description: 'Clause 7: consent ways',
      },
      article9Grounds: {
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: [...ARTICLE9_GROUNDS] },
        description: 'Clause 7.4: grounds for the notification way',
      },
    },
    { description: 'The application form (clauses 5–7)' },
  );
}

export function approveSchema(profile: SmartBridgeProfile) {
  return obj(
    [],
    { ...SCOPE_PROPS(profile), comment: text(2000) },
    { description: 'Approve all that was asked, or only the listed part of it' },
  );
}

export const REJECT_BODY = obj(['reasons'], { reasons: REASONS, comment: text(2000) });
export const COMMENT_BODY = obj([], { comment: text(2000) });
export const WITHDRAW_BODY = obj([], { reason: text(2000) });
export const ATTACH_BODY = obj(['uploadId'], { uploadId: { type: 'string', format: 'uuid' } });
export const KEY_BODY = {
  type: 'object',
  additionalProperties: false,
  description: 'Exactly one of pem (SPKI, PKCS#1 or an X.509 certificate) or jwk; public keys only',
  properties: {
    pem: { type: 'string', minLength: 1, maxLength: 20_000 },
    jwk: { type: 'object', additionalProperties: true },
  },
};

export function testingActSchema(profile: SmartBridgeProfile) {
  return obj(
    ['number', 'date', 'informationSystem', 'scenarios', 'evidence', 'conclusion', 'signatories', 'attachmentId'],
    {
      number: text(100),
      date: ISO_DATE,
      informationSystem: text(300),
      scenarios: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: obj(['way', 'dataService', 'result'], {
          way: { type: 'string', enum: [...CONSENT_WAYS] },
          dataService: { type: 'string', enum: profile.dataServices },
          result: { type: 'string', enum: ['passed', 'failed'] },
          note: text(2000),
        }),
      },
      evidence: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        description:
          'SHEP messageIds of test-environment requests whose successful responses (with a valid security token) prove the test',
        items: obj(['messageId'], { messageId: text(200) }),
      },
      conclusion: text(5000),
      signatories: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: obj(['fullName', 'position', 'side'], {
          fullName: text(200),
          position: text(200),
          side: { type: 'string', enum: ['initiator', 'operator', 'authorized-body'] },
        }),
      },
      attachmentId: {
        type: 'string',
        format: 'uuid',
        description: 'The signed act, attached to the application as kind testing-act',
      },
    },
  );
}

export const LIST_QUERY = obj([], {
  status: { type: 'string', enum: [...APPLICATION_STATUSES] },
  bin: { ...BIN, description: 'Authority only: one organisation' },
  overdue: { type: 'boolean', description: 'R9: only applications past (or within) the review deadline' },
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  offset: { type: 'integer', minimum: 0, default: 0 },
});

export function applicationViewSchema(profile: SmartBridgeProfile) {
  const timestamps = { type: 'string', format: 'date-time' };
  return {
    type: 'object',
    required: [
      'id',
      'status',
      'bin',
      'form',
      'attachments',
      'signatureKeys',
      'credentials',
      'overdue',
      'submissions',
      'createdAt',
      'updatedAt',
      'version',
    ],
    properties: {
      id: { type: 'string' },
      status: { type: 'string', enum: [...APPLICATION_STATUSES] },
      bin: { type: 'string' },
      form: formSchema(profile),
      overdue: { type: 'boolean', description: 'R9: under review and past the deadline, by the environment clock' },
      attachments: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            uploadId: { type: 'string' },
            kind: { type: 'string', enum: [...ATTACHMENT_KINDS] },
            filename: { type: 'string' },
            filetype: { type: 'string' },
            size: { type: 'integer' },
            attachedAt: timestamps,
          },
        },
      },
      review: {
        type: 'object',
        properties: {
          submittedAt: timestamps,
          submittedDate: ISO_DATE,
          deadlineDate: ISO_DATE,
          deadline: { ...ISO_INSTANT, description: 'The last instant of the last working day, Kazakhstan time' },
          workingDays: { type: 'integer' },
          calendarComplete: { type: 'boolean', description: 'False when a year of the period has no calendar data' },
          overdueFlaggedAt: timestamps,
        },
      },
      decision: {
        type: 'object',
        properties: {
          outcome: { type: 'string', enum: ['approved', 'rejected'] },
          at: timestamps,
          by: ACTOR,
          reasons: {
            type: 'array',
            items: { type: 'object', properties: { message: { type: 'string' }, field: { type: 'string' } } },
          },
          comment: { type: 'string' },
          withinDeadline: { type: 'boolean' },
        },
      },
      approved: { type: 'object', properties: SCOPE_PROPS(profile) },
      signatureKeys: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            kid: { type: 'string' },
            kty: { type: 'string' },
            alg: { type: 'string' },
            crv: { type: 'string' },
            bits: { type: 'integer' },
            jwk: { type: 'object', additionalProperties: { type: 'string' } },
            registeredAt: timestamps,
          },
        },
      },
      credentials: {
        type: 'object',
        description: 'Sender ids only; a password is shown once, when issued',
        properties: Object.fromEntries(
          ['test', 'prod'].map((env) => [
            env,
            { type: 'object', properties: { senderId: { type: 'string' }, issuedAt: timestamps } },
          ]),
        ),
      },
      testingAct: {
        type: 'object',
        properties: {
          ...testingActSchema(profile).properties,
          status: { type: 'string', enum: ['under-review', 'accepted', 'rejected'] },
          submittedAt: timestamps,
          verifiedEvidence: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                messageId: { type: 'string' },
                serviceId: { type: 'string' },
                at: timestamps,
                tokenId: { type: 'string' },
              },
            },
          },
          evidenceWaived: {
            type: 'string',
            description:
              'Only on fixture organisations the environment onboarded at seed: why the act cites no exchange',
          },
          decidedAt: timestamps,
          decidedBy: ACTOR,
          reasons: {
            type: 'array',
            items: { type: 'object', properties: { message: { type: 'string' }, field: { type: 'string' } } },
          },
          comment: { type: 'string' },
        },
      },
      submissions: { type: 'integer' },
      createdAt: timestamps,
      updatedAt: timestamps,
      version: { type: 'integer' },
    },
  };
}

export const HISTORY_VIEW = {
  type: 'array',
  items: {
    type: 'object',
    required: ['seq', 'at', 'actor', 'action', 'reason'],
    properties: {
      seq: { type: 'integer' },
      at: { type: 'string', format: 'date-time' },
      actor: ACTOR,
      action: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string', description: 'Why: the reasons given, or what the action means' },
      details: { type: 'object', additionalProperties: true },
    },
  },
};

export function credentialViewSchema(profile: SmartBridgeProfile) {
  return obj(['environment', 'senderId', 'password', 'application'], {
    environment: { type: 'string', enum: ['test', 'prod'] },
    senderId: { type: 'string' },
    password: { type: 'string', description: 'Shown once; not kept by Smart Bridge' },
    application: applicationViewSchema(profile),
  });
}

export const ENV_PARAMS = obj(['id', 'environment'], {
  id: { type: 'string', format: 'uuid' },
  environment: { type: 'string', enum: ['test', 'prod'] },
});

export const PRINCIPAL_VIEW = {
  type: 'object',
  required: ['role', 'keyId'],
  properties: {
    role: { type: 'string', enum: ['organisation', 'authority'] },
    bin: { type: 'string' },
    name: { type: 'string' },
    keyId: { type: 'string' },
  },
};

export const CALENDAR_PARAMS = obj(['year'], {
  year: { type: 'integer', minimum: CALENDAR_YEARS.min, maximum: CALENDAR_YEARS.max },
});
export const CALENDAR_VIEW = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    dataKnown: { type: 'boolean' },
    workingDays: { type: 'integer' },
    daysOff: { type: 'integer' },
    specialDays: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: ISO_DATE,
          working: { type: 'boolean' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uncertain: { type: 'boolean' },
        },
      },
    },
  },
};
export const DEADLINE_QUERY = obj(['from'], {
  from: { ...ISO_INSTANT, description: 'Submission instant' },
  workingDays: { type: 'integer', minimum: 1, maximum: MAX_REVIEW_WORKING_DAYS },
});
export const DEADLINE_VIEW = {
  type: 'object',
  properties: {
    submittedDate: ISO_DATE,
    deadlineDate: ISO_DATE,
    deadline: ISO_INSTANT,
    workingDays: { type: 'integer' },
    calendarComplete: { type: 'boolean' },
  },
};
