import { createHash } from 'node:crypto';
import { CONSENT_WAY_MIX, DEFAULT_SEED, type ConsentWayRole } from '../fixtures/fixture-set.ts';
import { draftOrganisations, type OrganisationDraft } from '../fixtures/organisations.ts';
import { generateSubjects } from '../fixtures/subjects.ts';
import type { RequirementId } from '../requirements/index.ts';
import type { DataNode, ShepAnswerSpec, ShepRequestSpec } from './shep-bodies.ts';
import {
  dateLike,
  dateTimeLike,
  jwsLike,
  pemPublicKeyLike,
  phoneLike,
  refLike,
  text,
  twelveDigits,
  uuidLike,
} from './soap-xml.ts';
import { STATES, type ConsentStatus, type ConsentWayName } from './states.ts';
import { KDP_NS, USER_DATA_REQUEST_TYPE } from './wire.ts';

/**
 * What an initiator sends through SHEP and relies on in return, one entry per interaction: the
 * source of the generated pact (consumer.ts) and of what the provider verification checks. Values
 * are the fixtures of the default seed (the environment `up` serves), so that the pact verifies
 * against the mock as it starts.
 */
export interface ContractInteraction {
  description: string;
  states: { name: string; params: Record<string, string> }[];
  /** The requirements the interaction exercises, for the report. */
  requirements: RequirementId[];
  request: ShepRequestSpec;
  answer: ShepAnswerSpec;
  /** The Content-Type the consumer test sends (both spellings must pass the header regex). */
  contentType: string;
}

export const CONSUMER = 'kdp-initiator';
export const PROVIDER = 'kdp-conformance-shep';
export const FIXTURE_SUBJECTS = 20;

/** Stable example values derived from a label: the same pact on every run, no value copied from anywhere. */
export function exampleUuid(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
export function exampleJws(header: object, payload: object): string {
  return `${b64url(header)}.${b64url(payload)}.${createHash('sha256').update(b64url(payload)).digest('base64url')}`;
}
export function examplePem(label: string): string {
  const body = createHash('sha512').update(label).digest('base64');
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`;
}

export const EXAMPLE_DATE = '2026-03-02T10:00:00.000+06:00';
export const SOAP_UTF8 = 'text/xml; charset=utf-8';
const SOAP_UTF8_TIGHT = 'text/xml;charset=UTF-8';

export interface Fixtures {
  org(role: ConsentWayRole): OrganisationDraft;
  subject(i: number): { iin: string; phone: string };
}

export function defaultFixtures(seed = DEFAULT_SEED): Fixtures {
  const orgs = draftOrganisations({
    seed,
    count: CONSENT_WAY_MIX.length,
    profiles: CONSENT_WAY_MIX.map(({ role: _role, ...p }) => p),
  });
  const subjects = generateSubjects(seed, FIXTURE_SUBJECTS);
  return {
    org: (role) => orgs[CONSENT_WAY_MIX.findIndex((e) => e.role === role)]!,
    subject: (i) => subjects[i]!,
  };
}

export function userData(org: OrganisationDraft, iin: string, accessName: string, more: DataNode[] = []): DataNode[] {
  return [
    { name: 'uin', value: twelveDigits(iin) },
    { name: 'company', value: org.name },
    { name: 'company_bin', value: org.bin },
    { name: 'company_responsible', value: text('Compliance department') },
    { name: 'employee_name', value: text('Operator A.') },
    { name: 'access_name', value: accessName },
    { name: 'personal_data_name', value: text('Сведения о физическом лице') },
    { name: 'expiresIn', value: '600' },
    ...more,
  ];
}

export function response(label: string, data?: DataNode[], dataType?: { ns: string; name: string }): ShepAnswerSpec {
  return {
    kind: 'response',
    messageId: exampleUuid(`${label}:response`),
    correlationId: exampleUuid(`${label}:request`),
    responseDate: EXAMPLE_DATE,
    sessionId: `{${exampleUuid(`${label}:session`)}}`,
    ...(data ? { data } : {}),
    ...(dataType ? { dataType } : {}),
  };
}

export function fault(
  label: string,
  errorCode: string,
  errorData?: string,
  faultcode: 'Client' | 'Server' = 'Client',
): ShepAnswerSpec {
  return {
    kind: 'fault',
    faultcode,
    errorCode,
    ...(errorData !== undefined ? { errorData } : {}),
    errorDate: EXAMPLE_DATE,
    sessionId: `{${exampleUuid(`${label}:session`)}}`,
  };
}

export const USER_DATA_RESPONSE_TYPE = { ns: KDP_NS, name: 'getUserDataResponse' };

/** Every interaction of our pact, over the fixtures of `seed`. */
export function interactions(f: Fixtures = defaultFixtures()): ContractInteraction[] {
  const out: ContractInteraction[] = [];
  const orgState = (o: OrganisationDraft) => ({
    name: STATES.organisation,
    params: { bin: o.bin, senderId: o.credentials.test.senderId, password: o.credentials.test.password },
  });
  const subjectState = (iin: string) => ({ name: STATES.subject, params: { iin } });
  const request = (
    label: string,
    o: OrganisationDraft,
    serviceId: string,
    data: DataNode[] | undefined,
    dataType?: { ns: string; name: string },
  ): ShepRequestSpec => ({
    serviceId,
    messageId: exampleUuid(`${label}:request`),
    messageDate: EXAMPLE_DATE,
    sender: o.credentials.test,
    ...(data ? { data } : {}),
    ...(dataType ? { dataType } : {}),
  });
  const requestId = (label: string) => exampleUuid(`${label}:consent`);
  const status = (s: ConsentStatus, label: string, withToken: boolean): DataNode[] => [
    { name: 'status', value: s },
    ...(withToken
      ? [
          { name: 'code', value: jwsLike(exampleToken(label)) },
          { name: 'public-key', value: pemPublicKeyLike(examplePem(label)) },
        ]
      : []),
    { name: 'requestId', value: uuidLike(requestId(label)) },
  ];

  // --- KDP_SERVICE: a new request by each way --------------------------------------------------
  const firstRequest = (
    label: string,
    role: ConsentWayRole,
    subject: number,
    way: ConsentWayName,
    answer: ConsentStatus,
    requirements: RequirementId[],
    extra: DataNode[] = [],
    extraStates: { name: string; params: Record<string, string> }[] = [],
  ) => {
    const o = f.org(role);
    const iin = f.subject(subject).iin;
    out.push({
      description: label,
      states: [orgState(o), subjectState(iin), ...extraStates],
      requirements,
      request: request(
        label,
        o,
        'KDP_SERVICE',
        userData(o, iin, 'GBDFLUniversal_token', [{ name: 'consentWay', value: way }, ...extra]),
        USER_DATA_REQUEST_TYPE,
      ),
      answer: response(label, status(answer, label, answer === 'APPROVED'), USER_DATA_RESPONSE_TYPE),
      contentType: out.length % 2 ? SOAP_UTF8_TIGHT : SOAP_UTF8,
    });
  };
  firstRequest('KDP_SERVICE by SMS: the request waits for the subject', 'sms-only-company', 0, 'sms', 'PENDING', [
    'R7.5',
    'T-KDP-2',
    'T-KDP-3',
  ]);
  firstRequest(
    'KDP_SERVICE through the 1414 contact center: the request waits for an operator',
    'sms-only-company',
    1,
    'callcenter-1414',
    'PENDING',
    ['R7.1', 'T-KDP-2', 'T-KDP-3'],
  );
  firstRequest(
    'KDP_SERVICE within a proactive service: the offer waits for the subject',
    'proactive-state-body',
    2,
    'proactive',
    'PENDING',
    ['R7.3', 'T-KDP-2', 'T-KDP-3'],
  );
  {
    const label = 'KDP_SERVICE by own means: approved at once against the security token';
    const o = f.org('bank');
    const iin = f.subject(3).iin;
    const ovt = exampleJws(
      { alg: 'RS256', typ: 'JWT' },
      { cbin: o.bin, mcheck: 'Bio', sub: iin, access_name: 'GBDFLUniversal_token', jti: exampleUuid(`${label}:jti`) },
    );
    firstRequest(
      label,
      'bank',
      3,
      'own-means',
      'APPROVED',
      ['R7.2', 'R2.8', 'R10.2', 'T-KDP-8', 'T-KDP-4'],
      [
        { name: 'omit-sms', value: 'true' },
        { name: 'ovt', value: jwsLike(ovt) },
      ],
      [{ name: STATES.ovt, params: { bin: o.bin, iin, accessName: 'GBDFLUniversal_token', ovt } }],
    );
  }
  firstRequest(
    'KDP_SERVICE in notification mode: approved at once under an Article 9 ground',
    'notifying-state-body',
    4,
    'notification',
    'APPROVED',
    ['R7.4', 'T-KDP-15', 'T-KDP-4'],
    [{ name: 'article9Ground', value: 'art9-1' }],
  );

  // --- KDP_SERVICE: a pending request asked again, after each outcome ---------------------------
  const poll = (
    label: string,
    role: ConsentWayRole,
    subject: number,
    way: ConsentWayName,
    outcome: ConsentStatus,
    requirements: RequirementId[],
  ) => {
    const o = f.org(role);
    const iin = f.subject(subject).iin;
    out.push({
      description: label,
      states: [
        orgState(o),
        subjectState(iin),
        {
          name: STATES.consent,
          params: { bin: o.bin, iin, accessName: 'MCDB_SERVICE', way, status: outcome, requestId: requestId(label) },
        },
      ],
      requirements,
      request: request(
        label,
        o,
        'KDP_SERVICE',
        userData(o, iin, 'MCDB_SERVICE', [
          { name: 'consentWay', value: way },
          { name: 'requestId', value: uuidLike(requestId(label)) },
        ]),
        USER_DATA_REQUEST_TYPE,
      ),
      answer: response(label, status(outcome, label, outcome === 'APPROVED'), USER_DATA_RESPONSE_TYPE),
      contentType: out.length % 2 ? SOAP_UTF8_TIGHT : SOAP_UTF8,
    });
  };
  poll(
    'KDP_SERVICE asked again after the subject answered the SMS code: approved with the token',
    'sms-only-company',
    5,
    'sms',
    'APPROVED',
    ['R7.5', 'T-KDP-3', 'T-KDP-4', 'T-KDP-16'],
  );
  poll('KDP_SERVICE asked again after the subject said no: declined', 'sms-only-company', 6, 'sms', 'DECLINED', [
    'R7.5',
    'T-KDP-3',
    'T-KDP-16',
  ]);
  poll('KDP_SERVICE asked again after the code expired: expired', 'sms-only-company', 7, 'sms', 'EXPIRED', [
    'R7.5',
    'T-KDP-12',
    'T-KDP-16',
  ]);
  poll('KDP_SERVICE asked again after three wrong codes: locked', 'sms-only-company', 8, 'sms', 'LOCKED', [
    'R7.5',
    'T-SMS-3',
    'T-KDP-16',
  ]);
  poll(
    'KDP_SERVICE asked again after the 1414 operator confirmed: approved with the token',
    'sms-only-company',
    9,
    'callcenter-1414',
    'APPROVED',
    ['R7.1', 'T-KDP-3', 'T-KDP-4'],
  );
  poll(
    'KDP_SERVICE asked again after the subject accepted the proactive offer: approved with the token',
    'proactive-state-body',
    10,
    'proactive',
    'APPROVED',
    ['R7.3', 'T-KDP-3', 'T-KDP-4'],
  );

  // --- the data services, against the access token ---------------------------------------------
  const dataCall = (
    label: string,
    serviceId: 'GBDFLUniversal_token' | 'MCDB_SERVICE',
    subject: number,
    answer: DataNode[],
  ) => {
    const o = f.org('sms-only-company');
    const iin = f.subject(subject).iin;
    const kdpToken = exampleToken(label);
    const publicKey = examplePem(label);
    out.push({
      description: label,
      states: [
        orgState(o),
        subjectState(iin),
        { name: STATES.token, params: { bin: o.bin, iin, accessName: serviceId, kdpToken, publicKey } },
      ],
      requirements: ['R3', 'T-KDP-9', 'R2.8'],
      request: request(label, o, serviceId, [
        { name: 'messageId', value: uuidLike(exampleUuid(`${label}:data-message`)) },
        { name: 'messageDate', value: dateTimeLike(EXAMPLE_DATE) },
        { name: 'senderCode', value: o.credentials.test.senderId },
        { name: 'iin', value: twelveDigits(iin) },
        { name: 'kdpToken', value: jwsLike(kdpToken) },
        { name: 'publicKey', value: pemPublicKeyLike(publicKey) },
      ]),
      answer: response(label, [{ name: 'iin', value: twelveDigits(iin) }, ...answer]),
      contentType: SOAP_UTF8,
    });
  };
  dataCall('GBDFLUniversal_token releases the person record against the access token', 'GBDFLUniversal_token', 11, [
    {
      name: 'person',
      children: [
        { name: 'iin', value: twelveDigits(f.subject(11).iin) },
        { name: 'surname', value: text('Surname') },
        { name: 'name', value: text('Name') },
        { name: 'birthDate', value: dateLike('1980-01-31') },
      ],
    },
  ]);
  dataCall('MCDB_SERVICE releases the mobile number against the access token', 'MCDB_SERVICE', 12, [
    { name: 'mobilePhone', value: phoneLike(f.subject(12).phone) },
  ]);

  // --- history and revocation -----------------------------------------------------------------
  {
    const label = 'KDP_PERSONALDATA lists the access the organisation had to the subject';
    const o = f.org('sms-only-company');
    const iin = f.subject(13).iin;
    out.push({
      description: label,
      states: [
        orgState(o),
        subjectState(iin),
        {
          name: STATES.token,
          params: {
            bin: o.bin,
            iin,
            accessName: 'GBDFLUniversal_token',
            kdpToken: exampleToken(label),
            publicKey: examplePem(label),
          },
        },
      ],
      requirements: ['T-KDP-10', 'T-KDP-7'],
      request: request(label, o, 'KDP_PERSONALDATA', [{ name: 'uin', value: twelveDigits(iin) }]),
      answer: response(label, [
        { name: 'uin', value: twelveDigits(iin) },
        {
          name: 'r_pdata',
          children: [
            { name: 'date', value: dateTimeLike(EXAMPLE_DATE) },
            { name: 'event', value: 'CONSENT_GIVEN' },
            { name: 'company', value: o.name },
            { name: 'company_bin', value: o.bin },
            { name: 'access_name', value: 'GBDFLUniversal_token' },
            { name: 'way', value: 'sms' },
          ],
        },
      ]),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'KDP_LIST_TO_REVOKE lists the revocation the subject asked for';
    const o = f.org('sms-only-company');
    const iin = f.subject(14).iin;
    const rid = exampleUuid(`${label}:revocation`);
    out.push({
      description: label,
      states: [
        orgState(o),
        { name: STATES.revocation, params: { bin: o.bin, iin, accessName: 'GBDFLUniversal_token', requestId: rid } },
      ],
      requirements: ['T-KDP-11'],
      request: request(label, o, 'KDP_LIST_TO_REVOKE', [{ name: 'company_bin', value: o.bin }]),
      answer: response(label, [
        { name: 'count', value: '1' },
        {
          name: 'request',
          children: [
            { name: 'request_id', value: uuidLike(rid) },
            { name: 'uin', value: twelveDigits(iin) },
            { name: 'access_name', value: 'GBDFLUniversal_token' },
            { name: 'token_ref', value: refLike('3F2A9C1B') },
            { name: 'request_date', value: dateTimeLike(EXAMPLE_DATE) },
          ],
        },
      ]),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'KDP_SEND_SOLUTION accepts a revocation';
    const o = f.org('sms-only-company');
    const iin = f.subject(15).iin;
    const rid = exampleUuid(`${label}:revocation`);
    out.push({
      description: label,
      states: [
        orgState(o),
        { name: STATES.revocation, params: { bin: o.bin, iin, accessName: 'MCDB_SERVICE', requestId: rid } },
      ],
      requirements: ['T-KDP-11'],
      request: request(label, o, 'KDP_SEND_SOLUTION', [
        { name: 'request_id', value: uuidLike(rid) },
        { name: 'solution', value: 'ACCEPT' },
      ]),
      answer: response(label, [
        { name: 'request_id', value: uuidLike(rid) },
        { name: 'status', value: 'ACCEPTED' },
      ]),
      contentType: SOAP_UTF8,
    });
  }

  // --- the main faults ----------------------------------------------------------------------------
  {
    const label = 'a wrong password is refused with EAUT002';
    const o = f.org('sms-only-company');
    const iin = f.subject(0).iin;
    out.push({
      description: label,
      states: [orgState(o)],
      requirements: ['T-SHEP-3', 'T-SHEP-7'],
      request: {
        ...request(label, o, 'KDP_SERVICE', userData(o, iin, 'GBDFLUniversal_token'), USER_DATA_REQUEST_TYPE),
        sender: { senderId: o.credentials.test.senderId, password: 'not-the-password' },
      },
      answer: fault(label, 'EAUT002'),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'an unknown serviceId is refused with ESRV001';
    const o = f.org('sms-only-company');
    out.push({
      description: label,
      states: [orgState(o)],
      requirements: ['T-SHEP-5', 'T-SHEP-7'],
      request: request(label, o, 'KDP_NO_SUCH_SERVICE', [{ name: 'uin', value: twelveDigits(f.subject(0).iin) }]),
      answer: fault(label, 'ESRV001'),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'an IIN with a wrong check digit is refused with KDP-102';
    const o = f.org('sms-only-company');
    const good = f.subject(0).iin;
    const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
    out.push({
      description: label,
      states: [orgState(o)],
      requirements: ['T-KDP-1'],
      request: request(
        label,
        o,
        'KDP_SERVICE',
        userData(o, good, 'GBDFLUniversal_token').map((n) => (n.name === 'uin' ? { name: 'uin', value: bad } : n)),
        USER_DATA_REQUEST_TYPE,
      ),
      answer: fault(label, 'KDP-102', 'uin'),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'a consent way not approved for the organisation is refused with KDP-113';
    const o = f.org('sms-only-company');
    const iin = f.subject(0).iin;
    out.push({
      description: label,
      states: [orgState(o), subjectState(iin)],
      requirements: ['R7.0', 'T-KDP-2'],
      request: request(
        label,
        o,
        'KDP_SERVICE',
        userData(o, iin, 'GBDFLUniversal_token', [{ name: 'consentWay', value: 'proactive' }]),
        USER_DATA_REQUEST_TYPE,
      ),
      answer: fault(label, 'KDP-113'),
      contentType: SOAP_UTF8,
    });
  }
  {
    const label = 'a data service called without an access token refuses with KDP-400';
    const o = f.org('sms-only-company');
    const iin = f.subject(0).iin;
    out.push({
      description: label,
      states: [orgState(o), subjectState(iin)],
      requirements: ['R3', 'T-KDP-9'],
      request: request(label, o, 'GBDFLUniversal_token', [
        { name: 'messageId', value: uuidLike(exampleUuid(`${label}:data-message`)) },
        { name: 'messageDate', value: dateTimeLike(EXAMPLE_DATE) },
        { name: 'senderCode', value: o.credentials.test.senderId },
        { name: 'iin', value: twelveDigits(iin) },
      ]),
      answer: fault(label, 'KDP-400', 'kdpToken'),
      contentType: SOAP_UTF8,
    });
  }
  return out;
}

export function exampleToken(label: string): string {
  return exampleJws(
    { alg: 'ES256', typ: 'kdp-access+jwt' },
    { iss: 'urn:kdp-conformance:test:kdp', jti: exampleUuid(`${label}:token`) },
  );
}
