/**
 * How an integrator tests its own code against the mock environment without opening a port:
 * `kdp-conformance/msw` answers the SHEP URLs and the virtual phone API in-process, and the code
 * under test uses plain fetch. One consent by SMS (way 5, R7.5) end to end: the KDP_SERVICE
 * request, the subject's SMS and answer, the token, and the person record it unlocks (R3).
 *
 * Run it with `npx vitest run examples/msw-consent-flow.test.ts`.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { organisationFor } from 'kdp-conformance/fixtures';
import {
  buildSendMessageRequest,
  createInMemoryEnvironment,
  formatShepDate,
  kdpHandlers,
  parseShepReply,
  readUserDataResponse,
  tokenDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  userDataRequestXml,
  type InMemoryEnvironment,
} from 'kdp-conformance/msw';

// Any base URL: point the system under test's SHEP endpoint here.
const BASE = 'https://shep.mock.test';

let env: InMemoryEnvironment;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  env = await createInMemoryEnvironment({ subjects: 5 });
  server = setupServer(...kdpHandlers(env, { baseUrl: BASE }));
  // msw 3 names it onUnhandledFrame (onUnhandledRequest in msw 2): a URL with no handler fails the test.
  server.listen({ onUnhandledFrame: 'error' });
});

afterAll(async () => {
  server.close();
  await env.close();
});

/** What the integrator's own SHEP client would do: POST a SyncChannel SendMessage. */
async function shep(
  serviceId: string,
  sender: { senderId: string; password: string },
  dataXml: string,
  extra: { correlationId?: string; dataType?: { ns: string; name: string } } = {},
) {
  const body = buildSendMessageRequest({
    requestInfo: {
      messageId: crypto.randomUUID(),
      ...(extra.correlationId ? { correlationId: extra.correlationId } : {}),
      serviceId,
      messageDate: formatShepDate(Date.now()),
      sender,
    },
    dataXml,
    ...(extra.dataType ? { dataType: extra.dataType } : {}),
  });
  const res = await fetch(`${BASE}/test/bip-sync-wss-gost/`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body,
  });
  return parseShepReply(await res.text());
}

it('R7.5 R3 a consent by SMS, the token and the person record, over plain fetch', async () => {
  const org = organisationFor(env.fixtures, 'sms-only-company')!;
  const subject = env.fixtures.subjects[0]!;
  const sender = org.credentials.test;
  const request = userDataRequestXml({
    uin: subject.iin,
    company: org.name,
    company_bin: org.bin,
    company_responsible: 'Отдел кредитования',
    employee_name: 'Иванов И.И.',
    access_name: 'GBDFLUniversal_token',
    personal_data_name: 'Сведения о физическом лице',
    expiresIn: 600,
  });

  // 1. The request: the state service answers PENDING and texts the subject a code.
  const first = await shep('KDP_SERVICE', sender, request, { dataType: USER_DATA_REQUEST_TYPE });
  if (first.kind !== 'response') throw new Error(`fault: ${first.faultstring}`);
  const pending = readUserDataResponse(first.data);
  expect(pending.status).toBe('PENDING');

  // 2. The subject's phone: read the SMS, answer with the code (the virtual phone API).
  const phone = encodeURIComponent(subject.phone);
  const sms = (await (await fetch(`${BASE}/sms/api/v1/phones/${phone}/messages/latest`)).json()) as { text: string };
  const code = /\b(\d{6})\b/.exec(sms.text)![1]!;
  const answered = await fetch(`${BASE}/sms/api/v1/phones/${phone}/replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: code }),
  });
  expect(answered.status).toBe(201);

  // 3. The same request again, correlated: now APPROVED with the token and the key.
  const second = await shep('KDP_SERVICE', sender, request, {
    correlationId: pending.requestId!,
    dataType: USER_DATA_REQUEST_TYPE,
  });
  if (second.kind !== 'response') throw new Error(`fault: ${second.faultstring}`);
  const approved = readUserDataResponse(second.data);
  expect(approved.status).toBe('APPROVED');

  // 4. The data service releases the record against the token.
  const data = await shep(
    'GBDFLUniversal_token',
    sender,
    tokenDataRequestXml({
      messageId: crypto.randomUUID(),
      messageDate: formatShepDate(Date.now()),
      senderCode: sender.senderId,
      iin: subject.iin,
      kdpToken: approved.code!,
      publicKey: approved.publicKey!,
    }),
  );
  if (data.kind !== 'response') throw new Error(`fault: ${data.faultstring}`);
  const person = data.data!.children.find((c) => c.name === 'person')!;
  expect(person.children.find((c) => c.name === 'surname')?.text).toBe(subject.lastName);
});
