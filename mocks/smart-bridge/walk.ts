import type { JWK } from 'jose';
import type { ShepCredential } from '../../fixtures/types.ts';
import type { RequirementId } from '../../requirements/index.ts';
import type { ApplicationForm, ApprovedScope } from './model.ts';

/**
 * The integration sequence of clauses 4–12 end to end, through Smart Bridge's HTTP API only: a form
 * refused with field errors, the application filed, refused credentials before approval, test
 * protocols, submission, approval within the deadline, technical documentation, the signature key,
 * test credentials, the testing act citing a real test exchange, acceptance, production
 * credentials. The parts that happen on SHEP and the state service are ports, so the same walk runs
 * against fakes (walk.test.ts) and against the whole environment (e2e/integration-lifecycle.e2e.test.ts).
 */

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json(): any;
}

/** app.inject fits; so does a small wrapper over fetch. */
export type HttpCall = (request: {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer | object;
}) => Promise<HttpResponse>;

export interface TestExchangeInput {
  bin: string;
  credential: ShepCredential;
  /** The private key whose public part was registered (R10.2): it signs the security token. */
  privateJwk: JWK;
  kid: string;
  approved: ApprovedScope;
}

export interface WalkPorts {
  http: HttpCall;
  /** Where Smart Bridge is mounted (default /smart-bridge/api/v1). */
  basePath?: string;
  organisationKey: string;
  authorityKey: string;
  /** A valid form for the organisation behind organisationKey. */
  form: ApplicationForm;
  /** The organisation's key pair; only the public JWK is ever sent. */
  signingKey: { publicJwk: JWK; privateJwk: JWK };
  /** Moves the environment's virtual clock (the authority spends review days). */
  advanceClock(ms: number): void | Promise<void>;
  /**
   * Clause 11 on SHEP's test environment: with the test credentials and the key, obtain a
   * successful response presenting a valid security token; resolve the request's messageId.
   */
  performTestExchange(input: TestExchangeInput): Promise<{ messageId: string }>;
  /** R12 on SHEP: each credential works on its own environment only. Skipped when absent. */
  checkCredentialSeparation?(input: { bin: string; test: ShepCredential; prod: ShepCredential }): Promise<void>;
  /** Calendar days the authority takes before approving (default 3; the deadline is 10 working days). */
  reviewDays?: number;
}

export interface WalkStep {
  requirement: RequirementId;
  step: string;
  status: number;
}

export interface WalkResult {
  applicationId: string;
  steps: WalkStep[];
  test: ShepCredential;
  prod: ShepCredential;
  history: { action: string }[];
}

export class WalkError extends Error {
  constructor(
    readonly requirement: RequirementId,
    readonly step: string,
    readonly response: { statusCode: number; body: string },
  ) {
    super(`${requirement} ${step}: unexpected ${response.statusCode} ${response.body.slice(0, 500)}`);
  }
}

const DAY = 86_400_000;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function pdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`, 'latin1');
}

function flipCheckDigit(bin: string): string {
  return bin.slice(0, 11) + String((Number(bin[11]) + 1) % 10);
}

export async function walkClauses4to12(ports: WalkPorts): Promise<WalkResult> {
  const base = ports.basePath ?? '/smart-bridge/api/v1';
  const steps: WalkStep[] = [];
  const bin = ports.form.organisation.bin;

  const call = async (
    requirement: RequirementId,
    step: string,
    expected: number,
    method: string,
    path: string,
    key: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await ports.http({
      method,
      url: base + path,
      headers: { authorization: `Bearer ${key}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (res.statusCode !== expected) throw new WalkError(requirement, step, res);
    steps.push({ requirement, step, status: res.statusCode });
    return res;
  };
  const expectField = (requirement: RequirementId, res: HttpResponse, field: string) => {
    const fields = ((res.json().errors ?? []) as { field: string }[]).map((e) => e.field);
    if (!fields.includes(field)) throw new WalkError(requirement, `the refusal names ${field}`, res);
  };
  const uploadAndAttach = async (requirement: RequirementId, id: string, kind: string, bytes: Buffer) => {
    const tus = { 'tus-resumable': '1.0.0' };
    const meta = [
      `filename ${Buffer.from(`${kind}.pdf`).toString('base64')}`,
      `filetype ${Buffer.from('application/pdf').toString('base64')}`,
      `kind ${Buffer.from(kind).toString('base64')}`,
    ].join(',');
    const created = await call(
      requirement,
      `tus: create the ${kind} upload`,
      201,
      'POST',
      '/uploads',
      ports.organisationKey,
      undefined,
      { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': meta },
    );
    const uploadId = String(created.headers.location).split('/').pop()!;
    await call(
      requirement,
      `tus: send the ${kind} bytes`,
      204,
      'PATCH',
      `/uploads/${uploadId}`,
      ports.organisationKey,
      bytes,
      {
        ...tus,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
    );
    await call(
      requirement,
      `attach the ${kind}`,
      200,
      'POST',
      `/applications/${id}/attachments`,
      ports.organisationKey,
      { uploadId },
    );
    return uploadId;
  };

  // Clauses 5–6: the form is checked field by field before anything is filed.
  const badForm = { ...ports.form, organisation: { ...ports.form.organisation, bin: flipCheckDigit(bin) } };
  expectField(
    'R6',
    await call(
      'R6',
      'a form with an invalid BIN is refused',
      422,
      'POST',
      '/applications',
      ports.organisationKey,
      badForm,
    ),
    'body/organisation/bin',
  );
  expectField(
    'R5.1',
    await call('R5.1', 'a form without services is refused', 400, 'POST', '/applications', ports.organisationKey, {
      ...ports.form,
      services: [],
    }),
    'body/services',
  );

  // Clause 4: the application on Smart Bridge; no credentials before it is approved.
  const created = await call(
    'R4',
    'file the application',
    201,
    'POST',
    '/applications',
    ports.organisationKey,
    ports.form,
  );
  const id = String(created.json().id);
  await call(
    'R4',
    'no test credentials before approval',
    409,
    'POST',
    `/applications/${id}/credentials/test`,
    ports.organisationKey,
  );

  // Clauses 7–8: own means (and systems under decree 832) need the test protocols.
  const needsProtocols =
    ports.form.ways.includes('own-means') || ports.form.informationSystem.subjectToUnifiedRequirements;
  if (ports.form.ways.includes('own-means')) {
    await call(
      'R8',
      'own means without test protocols cannot be submitted',
      422,
      'POST',
      `/applications/${id}/submit`,
      ports.organisationKey,
    );
  }
  if (needsProtocols) await uploadAndAttach('R8', id, 'is-test-protocol', pdf('information-security test protocols'));
  const submitted = await call(
    'R9',
    'submit for review',
    200,
    'POST',
    `/applications/${id}/submit`,
    ports.organisationKey,
  );
  const deadline = Date.parse(submitted.json().review.deadline);

  // Clause 9: the authorized body decides within 10 working days.
  await ports.advanceClock((ports.reviewDays ?? 3) * DAY);
  const pending = await call('R9', 'still within the deadline', 200, 'GET', `/applications/${id}`, ports.authorityKey);
  if (pending.json().overdue !== false) throw new WalkError('R9', 'not overdue within the deadline', pending);
  const decided = await call(
    'R9',
    'the authorized body approves',
    200,
    'POST',
    `/applications/${id}/approve`,
    ports.authorityKey,
    {},
  );
  const decision = decided.json();
  if (decision.decision.withinDeadline !== true || Date.parse(decision.decision.at) > deadline)
    throw new WalkError('R9', 'approved within the deadline', decided);
  const approved = decision.approved as ApprovedScope;

  // Clause 10: documentation, and the key for own means, before any test credential.
  await call(
    'R10.1',
    'no test credentials without technical documentation',
    409,
    'POST',
    `/applications/${id}/credentials/test`,
    ports.organisationKey,
  );
  await uploadAndAttach(
    'R10.1',
    id,
    'technical-documentation',
    pdf('technical documentation with request and response examples'),
  );
  if (approved.ways.includes('own-means')) {
    await call(
      'R10.2',
      'no test credentials without the signature key',
      409,
      'POST',
      `/applications/${id}/credentials/test`,
      ports.organisationKey,
    );
  }
  const publicJwk = Object.fromEntries(
    Object.entries(ports.signingKey.publicJwk).filter(([k]) => !PRIVATE_MEMBERS.includes(k)),
  );
  const keyed = await call(
    'R10.2',
    'register the public signature key',
    200,
    'POST',
    `/applications/${id}/signature-keys`,
    ports.organisationKey,
    { jwk: publicJwk },
  );
  const kid = String(keyed.json().signatureKeys.at(-1).kid);
  const testRes = await call(
    'R4',
    'test-environment SHEP credentials are issued',
    201,
    'POST',
    `/applications/${id}/credentials/test`,
    ports.organisationKey,
  );
  const test: ShepCredential = { senderId: testRes.json().senderId, password: testRes.json().password };

  // Clause 11: a successful test response with a valid security token, cited by the testing act.
  const { messageId } = await ports.performTestExchange({
    bin,
    credential: test,
    privateJwk: ports.signingKey.privateJwk,
    kid,
    approved,
  });
  const signedAct = await uploadAndAttach('R11', id, 'testing-act', pdf('testing act, signed'));
  await call(
    'R12',
    'no production credentials before the act is accepted',
    409,
    'POST',
    `/applications/${id}/credentials/prod`,
    ports.organisationKey,
  );
  // The act is dated in Kazakhstan's local date: the calendar endpoint turns the environment's "now" into it.
  const now = String(
    (await call('R11', 'read the application', 200, 'GET', `/applications/${id}`, ports.organisationKey)).json()
      .updatedAt,
  );
  const today = String(
    (
      await call(
        'R11',
        "today's local date",
        200,
        'GET',
        `/calendar/deadline?from=${encodeURIComponent(now)}`,
        ports.organisationKey,
      )
    ).json().submittedDate,
  );
  await call('R11', 'file the testing act', 200, 'POST', `/applications/${id}/testing-act`, ports.organisationKey, {
    number: `TA-${id.slice(0, 8)}`,
    date: today,
    informationSystem: ports.form.informationSystem.name,
    scenarios: approved.ways.map((way, i) => ({
      way,
      dataService: approved.services[i % approved.services.length],
      result: 'passed',
    })),
    evidence: [{ messageId }],
    conclusion: 'Every approved way was exercised on the test environment with a valid security token.',
    signatories: [{ fullName: ports.form.contact.fullName, position: ports.form.contact.position, side: 'initiator' }],
    attachmentId: signedAct,
  });

  // Clause 12: the act is accepted, then production.
  await call(
    'R12',
    'the authorized body accepts the testing act',
    200,
    'POST',
    `/applications/${id}/testing-act/accept`,
    ports.authorityKey,
    {},
  );
  const prodRes = await call(
    'R12',
    'production SHEP credentials are issued',
    201,
    'POST',
    `/applications/${id}/credentials/prod`,
    ports.organisationKey,
  );
  const prod: ShepCredential = { senderId: prodRes.json().senderId, password: prodRes.json().password };
  if (prod.senderId === test.senderId) throw new WalkError('R12', 'production and test credentials differ', prodRes);
  if (ports.checkCredentialSeparation) {
    await ports.checkCredentialSeparation({ bin, test, prod });
    steps.push({ requirement: 'R12', step: 'each credential works on its own environment only', status: 0 });
  }

  const history = (
    await call('R4', 'the history of the application', 200, 'GET', `/applications/${id}/history`, ports.authorityKey)
  ).json() as { action: string }[];
  return { applicationId: id, steps, test, prod, history };
}
