/**
 * The gateway issue's "done when", against a real `kdp-conformance up` on a loopback port: a good
 * SendMessage is answered SCSS001; wrong and cross-environment credentials, a repeated messageId and
 * every hostile document get their SOAP fault; the JSON APIs answer bad input with problem+json;
 * and after all of it the environment still answers. Then an SMS reaches a fixture subject's
 * virtual phone and is answered from it.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation, Subject } from '../fixtures/types.ts';
import { formatShepDate } from '../protocol/dates.ts';
import { readUserDataResponse, USER_DATA_REQUEST_TYPE, userDataRequestXml } from '../protocol/kdp/index.ts';
import { ECHO_SERVICE_ID } from '../mocks/shep/echo-service.ts';
import { buildSendMessageRequest, parseShepReply, type ShepReply } from '../protocol/shep/envelope.ts';
import { exited, up, type Up } from './support/up-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kdp-up-'));
const running: ChildProcessWithoutNullStreams[] = [];
let env: Up;
let orgs: Organisation[];
let subjects: Subject[];

beforeAll(async () => {
  env = await up(join(dir, 'environment.db'), running);
  const fixtures = (await (await fetch(`${env.base}/env/api/v1/fixtures`)).json()) as {
    organisations: Organisation[];
    subjects: Subject[];
  };
  orgs = fixtures.organisations;
  subjects = fixtures.subjects;
});

afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function envelope(
  o: {
    environment?: 'test' | 'prod';
    sender?: { senderId: string; password: string };
    messageId?: string;
    serviceId?: string;
    dataXml?: string;
  } = {},
): string {
  return buildSendMessageRequest({
    requestInfo: {
      messageId: o.messageId ?? `up-${++n}`,
      serviceId: o.serviceId ?? ECHO_SERVICE_ID,
      messageDate: formatShepDate(Date.now()),
      sender: o.sender ?? orgs[0]!.credentials.test,
    },
    dataXml: o.dataXml ?? '<ping>1</ping>',
  });
}

async function post(
  body: string | Uint8Array,
  environment: 'test' | 'prod' = 'test',
  contentType = 'text/xml; charset=utf-8',
): Promise<{ status: number; reply: ShepReply; text: string }> {
  const res = await fetch(`${env.base}/${environment}/bip-sync-wss-gost/`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, reply: parseShepReply(text), text };
}

async function expectFault(body: string | Uint8Array, code: string, environment: 'test' | 'prod' = 'test') {
  const { reply, text } = await post(body, environment);
  expect(reply.kind, text).toBe('fault');
  if (reply.kind === 'fault') {
    expect(reply.errorInfo?.errorCode).toBe(code);
    expect(reply.errorInfo?.sessionId).toMatch(/^\{[0-9a-f-]{36}\}$/);
  }
}

describe('kdp-conformance up on a real port', () => {
  it('T-SHEP-1 answers a well-formed SendMessage to the echo service with SCSS001 and a braced sessionId', async () => {
    const { status, reply } = await post(envelope());
    expect(status).toBe(200);
    expect(reply).toMatchObject({ kind: 'response', responseInfo: { status: { code: 'SCSS001' } } });
    if (reply.kind === 'response') expect(reply.responseInfo.sessionId).toMatch(/^\{[0-9a-f-]{36}\}$/);
  });

  it('serves the WSDL at ?wsdl with the environment address', async () => {
    const res = await fetch(`${env.base}/prod/bip-sync-wss-gost/?wsdl`);
    const text = await res.text();
    expect(text).toContain('SendMessage');
    expect(text).toContain(`${env.base}/prod/bip-sync-wss-gost/`);
  });

  it('T-SHEP-3 refuses a wrong password and an unknown sender', async () => {
    await expectFault(
      envelope({ sender: { senderId: orgs[0]!.credentials.test.senderId, password: 'not-it' } }),
      'EAUT002',
    );
    await expectFault(envelope({ sender: { senderId: 'NOBODY', password: 'x' } }), 'EAUT001');
  });

  it('R12 a test credential never works in production, nor a production credential in test', async () => {
    await expectFault(envelope({ sender: orgs[0]!.credentials.test }), 'EAUT003', 'prod');
    await expectFault(envelope({ sender: orgs[0]!.credentials.prod }), 'EAUT003', 'test');
  });

  it('T-SHEP-4 refuses a repeated messageId from the same sender', async () => {
    expect((await post(envelope({ messageId: 'twice' }))).reply.kind).toBe('response');
    await expectFault(envelope({ messageId: 'twice' }), 'EDUP001');
  });

  it('T-ENV-4 answers every hostile or broken document with its fault and keeps answering', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&xxe;</soap:Body></soap:Envelope>`;
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    const deep = '<a>'.repeat(50_000) + '</a>'.repeat(50_000);
    const wide = `<r>${'<e/>'.repeat(20_000)}</r>`;
    const huge = envelope({ dataXml: `<blob>${'A'.repeat(1_100_000)}</blob>` });
    const cases: [string | Uint8Array, string][] = [
      [xxe, 'EXML002'],
      [lol, 'EXML002'],
      ['<a>&undefined;</a>', 'EXML002'],
      [deep, 'EXML003'],
      [wide, 'EXML003'],
      [huge, 'EXML004'],
      ['<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>', 'EXML001'],
      [new Uint8Array([0, 255, 254, 60, 97, 62]), 'EXML001'],
      [
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x/></soap:Body></soap:Envelope>',
        'ESOP001',
      ],
      [envelope({ messageId: '' }), 'EVAL001'],
      [envelope({ serviceId: 'NO_SUCH_SERVICE' }), 'ESRV001'],
    ];
    for (const [body, code] of cases) await expectFault(body, code);
    expect((await post(envelope())).reply.kind).toBe('response');
  });

  it('T-ENV-4 answers a wrong IIN to the state service with its KDP fault', async () => {
    const bank = orgs.find((o) => o.kind === 'bank')!;
    const dataXml = userDataRequestXml({
      uin: '123456789012',
      company: bank.name,
      company_bin: bank.bin,
      company_responsible: 'x',
      employee_name: 'y',
      access_name: 'GBDFLUniversal_token',
      personal_data_name: 'z',
    });
    const res = await fetch(`${env.base}/test/bip-sync-wss-gost/`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: buildSendMessageRequest({
        requestInfo: {
          messageId: `iin-${++n}`,
          serviceId: 'KDP_SERVICE',
          messageDate: formatShepDate(Date.now()),
          sender: bank.credentials.test,
        },
        dataXml,
        dataType: USER_DATA_REQUEST_TYPE,
      }),
    });
    expect(parseShepReply(await res.text())).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'KDP-102' } });
  });

  it('T-ENV-4 answers malformed JSON and a wrong phone number with problem+json', async () => {
    const bad = await fetch(`${env.base}/env/api/v1/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"smsLossRate":',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const phone = await fetch(`${env.base}/sms/api/v1/phones/${encodeURIComponent('+71234567890')}/messages`);
    expect(phone.status).toBe(400);
    expect(((await phone.json()) as { type: string }).type).toMatch(/^urn:kdp-conformance:problem:/);
    expect((await fetch(`${env.base}/env/api/v1/health`)).status).toBe(200);
  });

  it('R7.5 an SMS to a fixture subject is read on its virtual phone and answered from it', async () => {
    const org = orgs.find((o) => o.kind === 'company' && !o.agreementWithAuthorizedBody)!;
    const s = subjects[0]!;
    const dataXml = userDataRequestXml({
      uin: s.iin,
      company: org.name,
      company_bin: org.bin,
      company_responsible: 'x',
      employee_name: 'y',
      access_name: 'GBDFLUniversal_token',
      personal_data_name: 'z',
    });
    const waiting = fetch(`${env.base}/sms/api/v1/phones/${encodeURIComponent(s.phone)}/messages/wait?timeoutMs=10000`);
    const first = await fetch(`${env.base}/test/bip-sync-wss-gost/`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: buildSendMessageRequest({
        requestInfo: {
          messageId: `sms-${++n}`,
          serviceId: 'KDP_SERVICE',
          messageDate: formatShepDate(Date.now()),
          sender: org.credentials.test,
        },
        dataXml,
        dataType: USER_DATA_REQUEST_TYPE,
      }),
    });
    const reply = parseShepReply(await first.text());
    expect(reply.kind).toBe('response');
    const sms = (await (await waiting).json()) as { id: string; text: string };
    expect(sms.text).toContain(org.name);
    const code = /\b(\d{6})\b/.exec(sms.text)![1]!;
    const answered = await fetch(`${env.base}/sms/api/v1/phones/${encodeURIComponent(s.phone)}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: code, inReplyTo: sms.id }),
    });
    expect(answered.status).toBe(201);
    expect(((await answered.json()) as { handled: boolean }).handled).toBe(true);
    if (reply.kind === 'response') expect(readUserDataResponse(reply.data).status).toBe('PENDING');
  });

  it('T-ENV-2 stops cleanly on SIGINT', async () => {
    const stopped = exited(env.proc);
    env.proc.kill('SIGINT');
    expect((await stopped).code).toBe(0);
  });
});
