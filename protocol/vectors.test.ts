import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isXsdDateTime } from './dates.ts';
import { readKdpFields, readTokenDataRequest, readUserDataResponse, xsiTypeName } from './kdp/index.ts';
import { parseSendMessage, parseShepReply } from './shep/envelope.ts';
import { parseXml, XmlRejected } from './xml/parse.ts';

/** The codecs against files that came from elsewhere (protocol/vectors/README.md says where). */
const vector = (path: string) => readFileSync(new URL(`./vectors/${path}`, import.meta.url), 'utf8');

describe('SendMessage as real SOAP clients write it', () => {
  it.each(['clients/node-soap.xml', 'clients/strong-soap.xml', 'clients/wcf.xml', 'clients/zeep.xml'])(
    'T-SHEP-1 T-SHEP-2 %s reads as the same request',
    (file) => {
      const m = parseSendMessage(vector(file));
      expect(m.requestInfo).toMatchObject({
        messageId: '7d3f6b0a-8a8e-4a55-9a1e-0c1f2a3b4c5d',
        serviceId: 'KDP_CONFORMANCE_ECHO',
        sender: { senderId: 'vector-sender', password: 'vector-password' },
        properties: [{ key: 'consentWay', value: 'sms' }],
      });
      expect(isXsdDateTime(m.requestInfo.messageDate)).toBe(true);
      // Every client's date names the same instant, whatever its precision or zone.
      expect(Date.parse(m.requestInfo.messageDate.replace(/(\.\d{3})\d+/, '$1'))).toBe(
        Date.UTC(2026, 2, 1, 5, 15, 30, 123),
      );
      const ping = m.data?.children.find((c) => c.name === 'ping');
      expect(ping?.text.trim()).toBe('Сәлем');
    },
  );

  it('T-SHEP-2 the strict date shape refuses what strong-soap and WCF write, so it stays an option', () => {
    expect(() => parseSendMessage(vector('clients/strong-soap.xml'), { strictMessageDate: true })).toThrow(
      /messageDate/,
    );
    expect(() => parseSendMessage(vector('clients/wcf.xml'), { strictMessageDate: true })).toThrow(/messageDate/);
    expect(() => parseSendMessage(vector('clients/node-soap.xml'), { strictMessageDate: true })).not.toThrow();
  });
});

describe('the public shapes of REAL-SYSTEMS.md', () => {
  it('T-KDP-1 a KDP_SERVICE request: envelope, xsi:type and the real field names', () => {
    const m = parseSendMessage(vector('real-systems/kdp-service-request.xml'));
    expect(m.requestInfo.serviceId).toBe('KDP_SERVICE');
    expect(xsiTypeName(m.data!)).toBe('getUserDataRequest');
    expect(readKdpFields(m.data!)).toMatchObject({
      uin: '900101300017',
      company_bin: '960340000162',
      access_name: 'GBDFLUniversal_token',
      expiresIn: '600000',
      'omit-sms': 'false',
    });
  });

  it('T-KDP-4 a KDP_SERVICE response: SCSS001, sessionId in braces, code and public-key', () => {
    const reply = parseShepReply(vector('real-systems/kdp-service-response.xml'));
    expect(reply.kind).toBe('response');
    if (reply.kind !== 'response') return;
    expect(reply.responseInfo.status.code).toBe('SCSS001');
    expect(reply.responseInfo.sessionId).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(readUserDataResponse(reply.data)).toEqual({
      status: 'APPROVED',
      code: 'TOKEN-CODE',
      publicKey: 'PUBLIC-KEY',
    });
  });

  it('T-SHEP-3 a SOAP fault: faultcode without its prefix, ErrorInfo with a nested subError', () => {
    const reply = parseShepReply(vector('real-systems/send-message-fault.xml'));
    expect(reply).toMatchObject({
      kind: 'fault',
      faultcode: 'Client',
      errorInfo: {
        errorCode: 'EAUT002',
        errorData: 'request/requestInfo/sender/password',
        subErrors: [{ errorCode: 'EVAL003', subErrors: [] }],
        sessionId: '{3F2504E0-4F89-11D3-9A0C-0305E82C3301}',
      },
    });
  });

  it('T-KDP-9 a data-service request whose data is qualified (ns4:data), dated +06:00 as older code writes', () => {
    const m = parseSendMessage(vector('real-systems/qualified-data.xml'));
    expect(m.requestInfo.messageDate.endsWith('+06:00')).toBe(true);
    expect(readTokenDataRequest(m.data!)).toEqual({
      messageId: '1a2b3c4d-0000-4000-8000-000000000001',
      messageDate: '2023-11-20T09:00:00.000+06:00',
      senderCode: 'sender-id',
      iin: '900101300017',
      kdpToken: 'TOKEN-CODE',
      publicKey: 'PUBLIC-KEY',
    });
  });
});

interface W3cCase {
  file: string;
  expect: 'accept' | 'refuse';
  code?: string;
  rule: string;
  reason: string;
}

describe('XML conformance cases a SOAP parser must refuse or accept', () => {
  const { cases } = JSON.parse(vector('w3c/cases.json')) as { cases: W3cCase[] };

  it('every case file is listed, with its rule and reason', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const c of cases) expect(c.rule && c.reason).toBeTruthy();
  });

  it.each(cases.map((c) => [c.file, c] as const))('T-SHEP-6 %s', (_file, c) => {
    const text = vector(`w3c/${c.file}`);
    if (c.expect === 'accept') {
      expect(() => parseXml(text)).not.toThrow();
      return;
    }
    let refused: unknown;
    try {
      parseXml(text);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(XmlRejected);
    expect((refused as XmlRejected).code).toBe(c.code);
  });
});
