import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { makeBin } from '../protocol/identifiers/bin.ts';
import { generateSubject } from '../fixtures/subjects.ts';
import { seededFaker } from '../fixtures/seeded-faker.ts';
import type { Subject } from '../fixtures/types.ts';
import type { Requirement } from '../requirements/index.ts';
import {
  RUN_RESULT_VERSION,
  type CheckResult,
  type Evidence,
  type ExpectedFailure,
  type ModuleResult,
  type ResultStatus,
  type RunResult,
} from '../suites/result.ts';
import { catalogueOf, type Catalogue } from './catalogue.ts';

/**
 * Realistic RunResults for the report's tests, until real runs exist: several plans, modules and
 * variants, every status, every kind of evidence (SOAP exchanges with generated IINs, phones, names
 * and tokens), expected failures applied and unmet. Generated from a seed (fixtures/), no real person.
 */

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function fakeJwt(payload: Record<string, unknown>, seed: string): string {
  const sig = createHash('sha512').update(seed).digest('base64url');
  return `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'org-key-1' })}.${b64url(payload)}.${sig}`;
}

export const ORG_BIN = makeBin({ yearMonth: '1999-04', type: 'resident', subtype: 'head', serial: 12_345 });

export function subjects(seed = 236, count = 3): Subject[] {
  return Array.from({ length: count }, (_, i) => generateSubject(seededFaker(seed, 1, i)));
}

function soapRequest(opts: {
  messageId: string;
  serviceId: string;
  date: string;
  data: string;
  password?: string;
}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns2:SendMessage xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types">
      <request xmlns="">
        <requestInfo>
          <messageId>${opts.messageId}</messageId>
          <serviceId>${opts.serviceId}</serviceId>
          <messageDate>${opts.date}</messageDate>
          <sender><senderId>bank-${ORG_BIN}</senderId><password>${opts.password ?? 'S3cr3t-pa55'}</password></sender>
        </requestInfo>
        <requestData><data xmlns:kdp="http://service.2fa-chain.kz/ns/kdp" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="kdp:getUserDataRequest">${opts.data}</data></requestData>
      </request>
    </ns2:SendMessage>
  </soap:Body>
</soap:Envelope>`;
}

function soapResponse(messageId: string, date: string, data: string, code = 'SCSS001'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns2:SendMessageResponse xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types">
      <response xmlns="">
        <responseInfo>
          <messageId>${messageId}</messageId>
          <responseDate>${date}</responseDate>
          <status><code>${code}</code><message>Message has been processed successfully</message></status>
          <sessionId>{6F9619FF-8B86-D011-B42D-00CF4FC964FF}</sessionId>
        </responseInfo>
        <responseData><data>${data}</data></responseData>
      </response>
    </ns2:SendMessageResponse>
  </soap:Body>
</soap:Envelope>`;
}

const KDP_TOKEN_CODE = 'c0d3-8f1e2a9b7d6c5e4f3a2b1c0d9e8f7a6b';
const KDP_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0';

export interface Sample {
  result: RunResult;
  people: Subject[];
  /** The security token the successful test exchange presented. */
  ovt: string;
  /** The messageId of that exchange. */
  messageId: string;
}

/** A requirement for a pinned test catalogue. */
export function req(id: string, binds: Requirement['binds'] = ['integrator'], kk = true): Requirement {
  return {
    id,
    clause: id.startsWith('R') ? id.slice(1) : 'docs/profile.md',
    title: { kk: kk ? `${id} талабы` : '', ru: `Требование ${id}`, en: `Requirement ${id}` },
    text: { kk: kk ? `${id} мәтіні` : '', ru: `Текст ${id}`, en: `Text of ${id}` },
    binds,
    basis: id.startsWith('R') ? 'rules' : 'profile',
  };
}

/** The catalogue the sample cites: T-SHEP-1 binds the platform and must never reach a report. */
export const TEST_CATALOGUE: Catalogue = catalogueOf([
  req('R2.8'),
  req('R3'),
  req('R7.1'),
  req('R7.2'),
  req('R7.3'),
  req('R7.5'),
  req('R10.2', ['integrator'], false),
  req('R11'),
  req('R12'),
  req('T-SHEP-1', ['platform']),
]);

export function sampleRun(seed = 236): Sample {
  const people = subjects(seed);
  const [a, b, c] = people as [Subject, Subject, Subject];
  const t0 = Date.parse('2026-04-01T09:00:00.000+05:00');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const kzDate = (s: number) => new Date(t0 + s * 1000 + 5 * 3600_000).toISOString().replace('Z', '+05:00');
  const ovt = fakeJwt({ cbin: ORG_BIN, mcheck: 'Bio', iat: t0 / 1000, exp: t0 / 1000 + 600 }, `ovt-${seed}`);
  const messageId = '2f1c9a64-3b7e-4d3c-9a51-8e0f5b7a1c21';

  const evidence: Record<string, Evidence> = {};
  const put = (e: Evidence) => ((evidence[e.id] = e), e.id);

  const kdpData = (p: Subject, withOvt: boolean) =>
    `<uin>${p.iin}</uin><company>Банк Тест АҚ</company><company_bin>${ORG_BIN}</company_bin>` +
    `<company_responsible>${p === a ? `${b.lastName} ${b.firstName}` : `${c.lastName} ${c.firstName}`}</company_responsible>` +
    `<employee_name>${c.lastName} ${c.firstName} ${c.middleName}</employee_name>` +
    `<access_name>MCDB_SERVICE</access_name><personal_data_name>mobile phone</personal_data_name>` +
    `<expiresIn>600000</expiresIn><omit-sms>${withOvt}</omit-sms>${withOvt ? `<ovt>${ovt}</ovt>` : ''}`;

  const okExchange = put({
    id: 'ev-kdp-ok',
    kind: 'exchange',
    journalId: 'j-0001',
    channel: 'shep',
    environment: 'test',
    sender: `bank-${ORG_BIN}`,
    service: 'KDP_SERVICE',
    at: at(5),
    request: soapRequest({ messageId, serviceId: 'KDP_SERVICE', date: kzDate(5), data: kdpData(a, true) }),
    response: soapResponse(
      messageId,
      kzDate(6),
      `<status>APPROVED</status><code>${KDP_TOKEN_CODE}</code><public-key>${KDP_PUBLIC_KEY}</public-key>`,
    ),
    outcome: 'SCSS001: Message has been processed successfully',
  });
  const mcdbExchange = put({
    id: 'ev-mcdb',
    kind: 'exchange',
    journalId: 'j-0002',
    channel: 'shep',
    environment: 'test',
    sender: `bank-${ORG_BIN}`,
    service: 'MCDB_SERVICE',
    at: at(8),
    request: soapRequest({
      messageId: '7d0e4c1a-0000-4000-8000-000000000002',
      serviceId: 'MCDB_SERVICE',
      date: kzDate(8),
      data: `<iin>${a.iin}</iin><kdpToken>${KDP_TOKEN_CODE}</kdpToken><publicKey>${KDP_PUBLIC_KEY}</publicKey>`,
    }),
    response: soapResponse(
      '7d0e4c1a-0000-4000-8000-000000000002',
      kzDate(9),
      `<person><lastName>${a.lastName}</lastName><firstName>${a.firstName}</firstName><middleName>${a.middleName}</middleName><birthDate>${a.birthDate}</birthDate><phone>${a.phone}</phone></person>`,
    ),
    outcome: 'SCSS001',
  });
  const badExchange = put({
    id: 'ev-kdp-bad',
    kind: 'exchange',
    journalId: 'j-0003',
    channel: 'shep',
    environment: 'test',
    sender: `bank-${ORG_BIN}`,
    service: 'KDP_SERVICE',
    at: at(20),
    // Hostile bytes a SUT can send: control characters that XML 1.0 cannot carry.
    request: soapRequest({
      messageId: 'dup-1',
      serviceId: 'KDP_SERVICE',
      date: '2026-04-01T09:00:20',
      data: kdpData(b, false) + '\u0001\u0008\u001b[31m',
    }),
    response:
      '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>messageDate has no offset</faultstring></soap:Fault>',
    outcome: 'SOAP fault: messageDate has no offset',
  });
  const smsOut = put({
    id: 'ev-sms-1',
    kind: 'sms',
    at: at(10),
    phone: b.phone,
    direction: 'to-subject',
    text: `${b.firstName}, Банк Тест АҚ сұрайды: ұялы телефон деректері. Келісу үшін 4821 кодын жіберіңіз. Код 4821`,
  });
  const smsIn = put({
    id: 'ev-sms-2',
    kind: 'sms',
    at: at(40),
    phone: b.phone,
    direction: 'from-subject',
    text: '4821',
  });
  const driverStart = put({
    id: 'ev-driver-1',
    kind: 'driver',
    at: at(2),
    method: 'POST',
    path: '/kdp-driver/v1/access-requests',
    status: 201,
    request: { iin: b.iin, phone: b.phone, way: 'sms', dataService: 'MCDB_SERVICE', employeeName: c.firstName },
    response: { id: 'ar-1', state: 'WAITING_FOR_SUBJECT', token: ovt },
  });
  const person = put({
    id: 'ev-person',
    kind: 'person',
    at: at(60),
    question: `Did the system show the refusal to the operator for ${a.iin}?`,
    answer: `Yes, "consent refused" for ${a.lastName}`,
  });
  const note = put({ id: 'ev-note', kind: 'note', at: at(61), text: 'the driver answered 503 twice; retried' });

  const check = (
    requirement: string,
    name: string,
    status: ResultStatus,
    message: string,
    ev: string[],
    more: Partial<CheckResult> = {},
  ): CheckResult => ({
    check: name,
    requirement: requirement as CheckResult['requirement'],
    severity: status === 'WARNING' ? 'WARNING' : 'FAILURE',
    status,
    message,
    evidence: ev,
    durationMs: 12,
    ...more,
  });

  const modules: ModuleResult[] = [
    {
      plan: 'exchange',
      module: 'envelope',
      variant: { environment: 'test' },
      status: 'FAILED',
      startedAt: at(0),
      endedAt: at(30),
      checks: [
        check('T-SHEP-1', 'soap-envelope', 'PASSED', 'SendMessage answered', [okExchange]),
        check('R2.8', 'security-token-present', 'PASSED', 'the request presents ovt, a signed JWT', [okExchange]),
        check(
          'R2.8',
          'message-date-offset',
          'FAILED',
          `messageDate 2026-04-01T09:00:20 has no UTC offset (subject ${b.iin}, phone ${b.phone})`,
          [badExchange],
          { blame: 'sut' },
        ),
        check(
          'R12',
          'no-prod-with-test-credentials',
          'FAILED',
          'the production credentials were not configured',
          [note],
          {
            blame: 'configuration',
          },
        ),
      ],
    },
    {
      plan: 'consent-ways',
      module: 'sms-consent',
      variant: { way: 'sms', dataService: 'MCDB_SERVICE', environment: 'test' },
      status: 'WARNING',
      startedAt: at(1),
      endedAt: at(45),
      checks: [
        check('R7.5', 'one-time-code-sent', 'PASSED', 'the subject received a one-time code', [driverStart, smsOut]),
        check('R7.5', 'answer-by-sms', 'PASSED', 'the answer came back by SMS with the code', [smsIn]),
        check('R3', 'data-after-token', 'WARNING', 'the data were fetched 35 s after the token', [mcdbExchange]),
      ],
    },
    {
      plan: 'consent-ways',
      module: 'callcenter-consent',
      variant: { way: 'callcenter-1414', dataService: 'GBDFLUniversal_token', environment: 'test' },
      status: 'REVIEW',
      startedAt: at(46),
      endedAt: at(62),
      checks: [
        check('R7.1', 'refusal-shown', 'REVIEW', 'a person confirmed the refusal was shown', [person]),
        check('R7.1', 'operator-timeout', 'FAILED', 'the 1414 queue did not answer in time', [note], {
          blame: 'environment',
          expected: { reason: 'the 1414 mock is slow on CI; ticket #12' },
        }),
      ],
    },
    {
      plan: 'consent-ways',
      module: 'own-means-consent',
      variant: { way: 'own-means', dataService: 'MCDB_SERVICE', environment: 'test' },
      status: 'SKIPPED',
      startedAt: at(62),
      endedAt: at(62),
      checks: [check('R7.2', 'signed-consent', 'SKIPPED', 'own means is not approved for this application', [])],
      note: 'the application does not use way 2',
    },
    {
      plan: 'testing-act',
      module: 'clause-11',
      variant: { environment: 'test' },
      status: 'UNKNOWN',
      startedAt: at(63),
      endedAt: at(70),
      checks: [
        check('R11', 'successful-test-response', 'PASSED', 'KDP_SERVICE answered SCSS001 with a valid ovt', [
          okExchange,
          mcdbExchange,
        ]),
        check('R10.2', 'key-registered', 'UNKNOWN', 'the driver did not answer /key', [note]),
      ],
      note: 'the driver stopped answering',
    },
  ];

  const applied: ExpectedFailure[] = [
    {
      module: 'callcenter-consent',
      variant: { way: 'callcenter-1414' },
      check: 'operator-timeout',
      status: 'FAILED',
      reason: 'the 1414 mock is slow on CI; ticket #12',
    },
  ];
  const unmet: ExpectedFailure[] = [
    { module: 'sms-consent', check: 'answer-by-sms', status: 'FAILED', reason: 'was broken before release 0.3' },
  ];

  const summary = { PASSED: 0, FAILED: 0, WARNING: 0, REVIEW: 0, SKIPPED: 0, UNKNOWN: 0 } as Record<
    ResultStatus,
    number
  >;
  for (const m of modules) for (const ch of m.checks) summary[ch.status]++;

  const result: RunResult = {
    version: RUN_RESULT_VERSION,
    harness: { name: 'kdp-conformance', version: '0.1.0' },
    profile: { version: 'profile/1' },
    plansDigest: createHash('sha256').update('exchange,consent-ways,testing-act').digest('hex'),
    plans: ['exchange', 'consent-ways', 'testing-act'],
    sut: {
      name: 'Bank Test core banking',
      version: '4.2.0',
      organisation: { bin: ORG_BIN, name: 'Банк Тест АҚ' },
      reachedBy: 'driver',
      target: 'http://driver:pa55word@127.0.0.1:9100/kdp-driver/v1',
    },
    environment: { url: 'http://127.0.0.1:8236', kind: 'embedded', seed },
    startedAt: at(0),
    endedAt: at(70),
    modules,
    evidence,
    expectedFailures: { applied, unmet },
    summary,
  };
  return { result, people, ovt, messageId };
}

/**
 * A run that passed everything, for an organisation and a cited exchange of the caller's choosing:
 * what a bundle filed with the testing act looks like.
 */
export function passingRun(bin: string, messageId: string, seed = 236): RunResult {
  const { result, messageId: sampleId } = sampleRun(seed);
  const modules = result.modules
    .filter((m) => m.status !== 'SKIPPED')
    .map((m) => ({
      ...m,
      status: 'PASSED' as const,
      checks: m.checks.map(({ expected: _e, blame: _b, ...c }) => ({ ...c, status: 'PASSED' as const })),
    }));
  const swap = (s: string) => s.split(ORG_BIN).join(bin).split(sampleId).join(messageId);
  const evidence = Object.fromEntries(
    Object.entries(result.evidence).map(([id, e]) => [
      id,
      e.kind === 'exchange' ? { ...e, request: swap(e.request), response: swap(e.response) } : e,
    ]),
  );
  const total = modules.reduce((n, m) => n + m.checks.length, 0);
  return {
    ...result,
    sut: { ...result.sut, organisation: { ...result.sut.organisation, bin } },
    modules,
    evidence,
    expectedFailures: { applied: [], unmet: [] },
    summary: { PASSED: total, FAILED: 0, WARNING: 0, REVIEW: 0, SKIPPED: 0, UNKNOWN: 0 },
  };
}

/** A zip holding only a hand-made manifest whose one artifact has the given path (a hostile bundle). */
export function manifestOnlyZip(artifactPath: string): Uint8Array {
  const manifest = {
    manifestVersion: '1',
    kind: 'kdp-conformance-bundle',
    artifacts: [{ path: artifactPath, mediaType: 'text/plain', size: 1, sha256: '0'.repeat(64) }],
    report: { path: 'report.json' },
    harnessSignature: { path: 'manifest.jws' },
    organisationSignature: { path: 'manifest.json.cms' },
  };
  return zipSync({ 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) });
}

/**
 * Rewrites an entry's header fields in both its local and central headers, as a hostile zip writer
 * would: its declared sizes (what a reader allocates) or its name (to the same length).
 */
export function patchZipEntry(
  zip: Uint8Array,
  name: string,
  patch: { originalSize?: number; compressedSize?: number; name?: string },
): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const encoded = new TextEncoder().encode(name);
  const headers = [
    { signature: 0x04034b50, sizes: 18, nameLength: 26, name: 30 },
    { signature: 0x02014b50, sizes: 20, nameLength: 28, name: 46 },
  ];
  let patched = 0;
  for (let at = 0; at + 46 < out.byteLength; at++) {
    const header = headers.find((h) => view.getUint32(at, true) === h.signature);
    if (!header || view.getUint16(at + header.nameLength, true) !== encoded.byteLength) continue;
    const start = at + header.name;
    if (Buffer.compare(out.subarray(start, start + encoded.byteLength), encoded) !== 0) continue;
    if (patch.compressedSize !== undefined) view.setUint32(at + header.sizes, patch.compressedSize, true);
    if (patch.originalSize !== undefined) view.setUint32(at + header.sizes + 4, patch.originalSize, true);
    if (patch.name !== undefined) out.set(new TextEncoder().encode(patch.name), start);
    patched++;
  }
  if (patched !== 2) throw new Error(`${name}: patched ${patched} headers, not a local and a central one`);
  return out;
}
