/**
 * Fidelity (issue 12): requests written the way real integrators' clients write them, after the
 * public shapes of REAL-SYSTEMS.md (not through the project's own envelope writer), are taken as
 * the real gateway takes them: a C#/WCF-style KDP_SERVICE request, a Java CXF-style one with a
 * wsse:Security header marked mustUnderstand, a zeep-style one with qualified children and an empty
 * field; the ovt as public code builds it (RS256: cbin, mcheck, iat, exp only) to a token, and that
 * token passed as infoAbtToken/tokens[] to a data service; a node-soap client configured with the
 * bare real path on a port of its own; SOAP faults for unknown paths under a SOAP endpoint.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFor } from '../fixtures/index.ts';
import type { Organisation, Subject } from '../fixtures/types.ts';
import { formatShepDate } from '../protocol/dates.ts';
import { missingRecommendedOvtClaims, readUserDataResponse, signOvt } from '../protocol/kdp/index.ts';
import { parseShepReply, type ShepReply } from '../protocol/shep/envelope.ts';
import { child, childText } from '../protocol/xml/element.ts';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../mocks/msw.ts';
import { privateKeyFromJwk } from '../mocks/shep/testing-certificate.ts';
import { signSoapBody } from '../mocks/shep/testing-signer.ts';
import { generateKeyPairSync } from 'node:crypto';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const TYPES = 'http://bip.bee.kz/SyncChannel/v10/Types';
const KDP = 'http://service.2fa-chain.kz/ns/kdp';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

let env: InMemoryEnvironment;
let bank: Organisation;
let subjects: Subject[];
let n = 0;

beforeAll(async () => {
  env = await createInMemoryEnvironment({ subjects: 8 });
  bank = organisationFor(env.fixtures, 'bank')!;
  subjects = env.fixtures.subjects;
});
afterAll(async () => {
  await env.close();
});

async function post(payload: string, url = '/test/bip-sync-wss-gost/'): Promise<ShepReply> {
  const res = await env.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    payload,
  });
  return parseShepReply(res.body);
}

function requestInfo(serviceId: string, messageDate: string): string {
  const c = bank.credentials.test;
  return (
    `<requestInfo><messageId>${crypto.randomUUID()}</messageId><serviceId>${serviceId}</serviceId>` +
    `<messageDate>${messageDate}</messageDate><sender><senderId>${c.senderId}</senderId>` +
    `<password>${c.password}</password></sender></requestInfo>`
  );
}

/** KDP request fields as public integrator code fills them; `empty` are written as empty elements. */
function kdpFields(s: Subject, prefix: string, over: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    uin: s.iin,
    company: bank.name,
    company_bin: bank.bin,
    company_responsible: 'Кредитный отдел',
    employee_name: 'Иванов И.',
    access_name: 'GBDFLUniversal_token',
    personal_data_name: 'Сведения о физическом лице',
    expiresIn: '600',
    'omit-sms': 'false',
    ...over,
  };
  return Object.entries(fields)
    .map(([k, v]) => (v === '' ? `<${prefix}${k}/>` : `<${prefix}${k}>${v}</${prefix}${k}>`))
    .join('');
}

function accepted(reply: ShepReply) {
  if (reply.kind !== 'response') throw new Error(`fault ${reply.errorInfo?.errorCode}: ${reply.faultstring}`);
  expect(reply.responseInfo.status.code).toBe('SCSS001');
  expect(reply.responseInfo.responseDate).toMatch(/\+05:00$/);
  return reply.data!;
}

describe('requests as real clients build them (issue 12)', () => {
  it('T-SHEP-1 T-KDP-1 C#/WCF style: default namespaces, xmlns="" request, 7 fractional digits, ActivityId header', async () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header><ActivityId CorrelationId="${crypto.randomUUID()}" ` +
      `xmlns="http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics">${crypto.randomUUID()}</ActivityId></s:Header>` +
      `<s:Body xmlns:xsi="${XSI}" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SendMessage xmlns="${TYPES}"><request xmlns="">` +
      requestInfo('KDP_SERVICE', '2026-03-01T10:15:30.1234567+05:00') +
      `<requestData><data xmlns:q1="${KDP}" xsi:type="q1:getUserDataRequest">${kdpFields(subjects[0]!, '')}</data></requestData>` +
      `</request></SendMessage></s:Body></s:Envelope>`;
    expect(readUserDataResponse(accepted(await post(xml))).status).toBe('PENDING');
  });

  it('T-SHEP-1 T-SHEP-3 Java CXF style: ns2 prefix, a wsse:Security header with mustUnderstand="1" (processed, so not refused)', async () => {
    const xml =
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Header><wsse:Security xmlns:wsse="${WSSE}" soap:mustUnderstand="1">` +
      `<wsu:Timestamp xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">` +
      `<wsu:Created>2026-03-01T05:15:30.123Z</wsu:Created></wsu:Timestamp></wsse:Security></soap:Header>` +
      `<soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      requestInfo('KDP_SERVICE', '2026-03-01T10:15:30.123+05:00') +
      `<requestData><data xmlns:ns3="${KDP}" xmlns:xsi="${XSI}" xsi:type="ns3:getUserDataRequest">${kdpFields(subjects[1]!, '')}</data></requestData>` +
      `</request></ns2:SendMessage></soap:Body></soap:Envelope>`;
    expect(readUserDataResponse(accepted(await post(xml))).status).toBe('PENDING');
  });

  it('T-KDP-1 zeep style: children qualified in the KDP namespace, an empty personal_data_name, 6 fractional digits', async () => {
    const xml =
      `<?xml version='1.0' encoding='utf-8'?>\n<soap-env:Envelope xmlns:soap-env="${SOAP_ENV}"><soap-env:Body>` +
      `<ns0:SendMessage xmlns:ns0="${TYPES}"><request>` +
      requestInfo('KDP_SERVICE', '2026-03-01T10:15:30.123000+05:00') +
      `<requestData><data xmlns:ns1="${KDP}" xmlns:xsi="${XSI}" xsi:type="ns1:getUserDataRequest">` +
      kdpFields(subjects[2]!, 'ns1:', { personal_data_name: '' }) +
      `</data></requestData></request></ns0:SendMessage></soap-env:Body></soap-env:Envelope>`;
    expect(readUserDataResponse(accepted(await post(xml))).status).toBe('PENDING');
  });

  it('T-SHEP-1 a header this gateway does not process, marked mustUnderstand="1", is refused as SOAP 1.1 §4.2.3 says', async () => {
    const xml = (mark: string) =>
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Header><t:Transaction xmlns:t="urn:example:tx"${mark}>5</t:Transaction></soap:Header>` +
      `<soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      requestInfo('KDP_CONFORMANCE_ECHO', '2026-03-01T10:15:30.123+05:00') +
      `<requestData><data><ping>1</ping></data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`;
    const reply = await post(xml(' soap:mustUnderstand="1"'));
    expect(reply).toMatchObject({ kind: 'fault', faultcode: 'MustUnderstand', errorInfo: { errorCode: 'ESOP003' } });
    // The same header without mustUnderstand (or with "0") is ignored.
    expect((await post(xml(' soap:mustUnderstand="0"'))).kind).toBe('response');
    const ignored = await post(xml(''));
    expect(ignored.kind).toBe('response');
  });

  it('T-KDP-8 T-KDP-9 the ovt as public code builds it (RS256: cbin, mcheck, iat, exp) to a token, used as infoAbtToken/tokens[]', async () => {
    const s = subjects[3]!;
    const nowSec = Math.floor(env.clock.nowMs() / 1000);
    const ovt = await signOvt(
      { privateJwk: bank.keys.rsa.privateJwk, kid: bank.keys.rsa.kid, alg: 'RS256' },
      { cbin: bank.bin, uin: s.iin, accessName: 'GBDFLUniversal_token', audience: '', nowSec, jti: '' },
      { sub: undefined, aud: undefined, access_name: undefined, jti: undefined },
    );
    expect(missingRecommendedOvtClaims(ovt)).toEqual(['sub', 'aud', 'access_name', 'jti']);
    const consent =
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      requestInfo('KDP_SERVICE', formatShepDate(env.clock.nowMs())) +
      `<requestData><data xmlns:ns3="${KDP}" xmlns:xsi="${XSI}" xsi:type="ns3:getUserDataRequest">` +
      kdpFields(s, '', { 'omit-sms': 'true', ovt }) +
      `</data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`;
    const token = readUserDataResponse(accepted(await post(consent)));
    expect(token.status).toBe('APPROVED');
    const dataRequest =
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      requestInfo('GBDFLUniversal_token', formatShepDate(env.clock.nowMs())) +
      `<requestData><data><messageId>${++n}</messageId><messageDate>${formatShepDate(env.clock.nowMs())}</messageDate>` +
      `<senderCode>${bank.credentials.test.senderId}</senderCode><iin>${s.iin}</iin>` +
      `<infoAbtToken><tokens><code>${token.code}</code><publicKey>${token.publicKey}</publicKey></tokens></infoAbtToken>` +
      `</data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`;
    const data = accepted(await post(dataRequest));
    expect(childText(child(data, 'messageResult'), 'code')).toBe('00000');
    expect(childText(child(data, 'person'), 'iin')).toBe(s.iin);
  });
});

describe('addresses as real clients configure them (issue 12)', () => {
  it('T-SHEP-1 a node-soap client configured with the bare /bip-sync-wss-gost/ URL on a port of its own works', async () => {
    const app = await env.bareShepApp('test');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/bip-sync-wss-gost/`;
    const client = (await soap.createClientAsync(`${url}?wsdl`, { disableCache: true })) as unknown as {
      SendMessageAsync(args: unknown): Promise<[{ response: { responseInfo: { status: { code: string } } } }]>;
    };
    const [result] = await client.SendMessageAsync({
      request: {
        requestInfo: {
          messageId: crypto.randomUUID(),
          serviceId: 'KDP_CONFORMANCE_ECHO',
          messageDate: formatShepDate(Date.now()),
          sender: bank.credentials.test,
        },
        requestData: { $xml: '<data><ping>1</ping></data>' },
      },
    });
    expect(result.response.responseInfo.status.code).toBe('SCSS001');
    // A production credential is refused there: the port is the test environment's.
    const prodCredential = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body:
        `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
        `<requestInfo><messageId>${crypto.randomUUID()}</messageId><serviceId>KDP_CONFORMANCE_ECHO</serviceId>` +
        `<messageDate>${formatShepDate(Date.now())}</messageDate><sender><senderId>${bank.credentials.prod.senderId}</senderId>` +
        `<password>${bank.credentials.prod.password}</password></sender></requestInfo><requestData><data/></requestData>` +
        `</request></ns2:SendMessage></soap:Body></soap:Envelope>`,
    });
    expect(parseShepReply(await prodCredential.text())).toMatchObject({ errorInfo: { errorCode: 'EAUT003' } });
    // Any other path on that port is SHEP's too: a SOAP fault, not problem+json.
    const elsewhere = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/kdp/api/v1/x`);
    expect(elsewhere.status).toBe(404);
    expect(parseShepReply(await elsewhere.text())).toMatchObject({ errorInfo: { errorCode: 'ETRN004' } });
  });

  it('T-SHEP-1 an unknown path under a SOAP endpoint gets a SOAP fault; the prefixed paths stay', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/test/bip-sync-wss-gost/SyncChannel', payload: '' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(parseShepReply(res.body)).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'ETRN004' } });
    const prod = await env.app.inject({ method: 'GET', url: '/prod/bip-sync-wss-gost/x/y?wsdl' });
    expect(parseShepReply(prod.body)).toMatchObject({ errorInfo: { errorCode: 'ETRN004' } });
    const wsdl = await env.app.inject({ method: 'GET', url: '/prod/bip-sync-wss-gost/?wsdl' });
    expect(wsdl.statusCode).toBe(200);
  });
});

describe('WS-Security: a signed Body (issue 12)', () => {
  const echo = (password = true) => {
    const c = bank.credentials.test;
    return (
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      `<requestInfo><messageId>${crypto.randomUUID()}</messageId><serviceId>KDP_CONFORMANCE_ECHO</serviceId>` +
      `<messageDate>${formatShepDate(Date.now())}</messageDate><sender><senderId>${c.senderId}</senderId>` +
      (password ? `<password>${c.password}</password>` : '') +
      `</sender></requestInfo><requestData><data><ping>Сәлем</ping></data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`
    );
  };
  const bankKey = () => privateKeyFromJwk(bank.keys.rsa.privateJwk);

  it('T-SHEP-3 R10.2 signed with the registered key (exclusive and inclusive c14n, KeyInfo or CXF BinarySecurityToken): verified', async () => {
    for (const c14n of ['exclusive', 'inclusive'] as const) {
      for (const token of ['key-info', 'binary-security-token'] as const) {
        const signed = signSoapBody(echo(), { key: bankKey(), c14n, token, mustUnderstand: true });
        expect((await post(signed)).kind, `${c14n} ${token}`).toBe('response');
      }
    }
  });

  it('T-SHEP-3 a verified signature stands in for a missing password; without either the sender is refused', async () => {
    expect((await post(signSoapBody(echo(false), { key: bankKey() }))).kind).toBe('response');
    expect(await post(echo(false))).toMatchObject({ errorInfo: { errorCode: 'EAUT002' } });
  });

  it('T-SHEP-3 a tampered Body is refused (EAUT004)', async () => {
    const signed = signSoapBody(echo(), { key: bankKey(), token: 'binary-security-token' });
    const tampered = signed.replace('Сәлем', 'Salem');
    expect(tampered).not.toBe(signed);
    expect(await post(tampered)).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'EAUT004' } });
  });

  it('T-SHEP-3 a certificate that is not of the signing key, or a key not registered for the sender, is refused', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const mismatched = signSoapBody(echo(), { key: bankKey(), certificateKey: stranger });
    expect(await post(mismatched)).toMatchObject({ errorInfo: { errorCode: 'EAUT004' } });
    const foreign = signSoapBody(echo(), { key: stranger });
    expect(await post(foreign)).toMatchObject({ errorInfo: { errorCode: 'EAUT006' } });
  });

  it('T-SHEP-3 GOST algorithm URIs are recognised and refused as not supported here (EAUT007); RSA-SHA1 too', async () => {
    const signed = signSoapBody(echo(), { key: bankKey() });
    const gost = signed.replace(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311',
    );
    const reply = await post(gost);
    expect(reply).toMatchObject({
      errorInfo: { errorCode: 'EAUT007', errorData: 'http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311' },
    });
    expect(reply.kind === 'fault' && reply.errorInfo?.errorMessage).toMatch(/GOST .* is not supported here/);
    const sha1 = signSoapBody(echo(), {
      key: bankKey(),
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    });
    expect(await post(sha1)).toMatchObject({ errorInfo: { errorCode: 'EAUT007' } });
  });
});

describe('the fixtures listing (issue 12)', () => {
  it('T-ENV-4 says which organisations are onboarded (SHEP knows their credentials) and which one is left for a person', async () => {
    const list = (await env.app.inject({ method: 'GET', url: '/env/api/v1/fixtures/organisations' })).json() as {
      bin: string;
      onboarded: boolean;
    }[];
    const byBin = new Map(list.map((o) => [o.bin, o.onboarded]));
    expect(byBin.get(bank.bin)).toBe(true);
    expect(byBin.get(organisationFor(env.fixtures, 'own-means-company')!.bin)).toBe(false);
    const all = (await env.app.inject({ method: 'GET', url: '/env/api/v1/fixtures' })).json() as {
      organisations: { onboarded: boolean }[];
    };
    expect(all.organisations.map((o) => o.onboarded)).toEqual(list.map((o) => o.onboarded));
  });
});

describe('docs/shep.md (issue 12)', () => {
  it("T-SHEP-1 the request example uses a fixture's credentials and is answered SCSS001 as written", async () => {
    const doc = readFileSync(new URL('../docs/shep.md', import.meta.url), 'utf8');
    const example = /```xml\n(<\?xml[\s\S]*?KDP_CONFORMANCE_ECHO[\s\S]*?)```/.exec(doc)![1]!;
    expect(example).toContain(`<senderId>${bank.credentials.test.senderId}</senderId>`);
    const fresh = example.replace(/<messageId>[^<]*<\/messageId>/, `<messageId>${crypto.randomUUID()}</messageId>`);
    expect((await post(fresh)).kind).toBe('response');
    expect(doc).toContain(`<iin>${subjects[0]!.iin}</iin>`);
  });
});

describe('the virtual phone (issue 12)', () => {
  it('T-SMS-7 T-KDP-11 the answer that gives consent lists the SMS sent back, whose ref carries the consent reference for revocation', async () => {
    const s = subjects[4]!;
    const consent =
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:SendMessage xmlns:ns2="${TYPES}"><request>` +
      requestInfo('KDP_SERVICE', formatShepDate(env.clock.nowMs())) +
      `<requestData><data>${kdpFields(s, '')}</data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`;
    expect(readUserDataResponse(accepted(await post(consent))).status).toBe('PENDING');
    const sms = env.sms;
    const inbox = await sms.messages(s.phone, { direction: 'to-phone' });
    const code = /\b(\d{6})\b/.exec(inbox.items[0]!.text)![1]!;
    const res = await env.app.inject({
      method: 'POST',
      url: `/sms/api/v1/phones/${encodeURIComponent(s.phone)}/replies`,
      payload: { text: code },
    });
    expect(res.statusCode).toBe(201);
    const { replies, handled } = res.json() as { replies: string[]; handled: boolean };
    expect(handled).toBe(true);
    expect(replies).toHaveLength(1);
    const given = (await sms.messages(s.phone, { direction: 'to-phone' })).items.find((m) => m.id === replies[0]);
    expect(given?.ref?.tokenRef).toMatch(/^[0-9A-F]{8}$/);
    expect(given?.text).toContain(given!.ref!.tokenRef!);
  });
});
