import { describe, expect, it } from 'vitest';
import { attribute, child, childText } from '../xml/element.ts';
import { parseXml, XmlRejected } from '../xml/parse.ts';
import {
  buildSendMessageRequest,
  buildSendMessageResponse,
  buildSoapFault,
  EnvelopeRejected,
  parseSendMessage,
  parseShepReply,
  SOAP11_NS,
  SYNC_TYPES_NS,
  XSI_NS,
  type FieldError,
} from './envelope.ts';
import { xmlValue } from '../xml/build.ts';
import { isStrictShepDate, isXsdDateTime } from '../dates.ts';

const S = SOAP11_NS;
const T = SYNC_TYPES_NS;

function envelope(inner: string, header = ''): string {
  return `<soapenv:Envelope xmlns:soapenv="${S}" xmlns:v10="${T}">${header}<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

function sendMessage(requestInfo: string, requestData = '<requestData><data><x>1</x></data></requestData>'): string {
  return envelope(`<v10:SendMessage><request xmlns="">${requestInfo}${requestData}</request></v10:SendMessage>`);
}

const GOOD_INFO =
  '<requestInfo><messageId>m-1</messageId><serviceId>KDP_SERVICE</serviceId><messageDate>2025-06-23T12:40:34.477+06:00</messageDate>' +
  '<sender><senderId>bank</senderId><password>secret</password></sender></requestInfo>';

function rejected(text: string, options = {}): EnvelopeRejected {
  try {
    parseSendMessage(text, options);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvelopeRejected);
    return err as EnvelopeRejected;
  }
  throw new Error('expected a refusal');
}

function fields(text: string, options = {}): FieldError[] {
  const err = rejected(text, options);
  expect(err.kind).toBe('invalid-fields');
  return err.fields;
}

describe('T-SHEP-2 reading a SendMessage request', () => {
  it('reads every requestInfo field, the data and the header of a request built by buildSendMessageRequest', () => {
    const xml = buildSendMessageRequest({
      requestInfo: {
        messageId: '6c1b1d2e-0000-4000-8000-000000000001',
        correlationId: 'chain-7',
        serviceId: 'KDP_SERVICE',
        messageDate: '2025-06-23T12:40:34.477+06:00',
        routeId: 'route-1',
        sender: { senderId: 'bank <&> "1"', password: ' p@ss&<word> ' },
        properties: [
          { key: 'CONNECTOR_CLIENT', value: 'true' },
          { key: 'empty', value: '' },
        ],
        sessionId: '{ignored}',
      },
      dataXml: '<uin>900101300123</uin><company>Банк</company>',
      dataType: { ns: 'http://service.2fa-chain.kz/ns/kdp', name: 'getUserDataRequest' },
      headerXml: '<wsse:Security xmlns:wsse="urn:wsse" soap:mustUnderstand="1"/>',
    });
    const req = parseSendMessage(xml);
    expect(req.requestInfo).toEqual({
      messageId: '6c1b1d2e-0000-4000-8000-000000000001',
      correlationId: 'chain-7',
      serviceId: 'KDP_SERVICE',
      messageDate: '2025-06-23T12:40:34.477+06:00',
      routeId: 'route-1',
      sender: { senderId: 'bank <&> "1"', password: ' p@ss&<word> ' },
      properties: [
        { key: 'CONNECTOR_CLIENT', value: 'true' },
        { key: 'empty', value: '' },
      ],
      sessionId: '{ignored}',
    });
    expect(childText(req.data, 'uin')).toBe('900101300123');
    expect(childText(req.data, 'company')).toBe('Банк');
    expect(attribute(req.data!, 'type', XSI_NS)).toBe('dt:getUserDataRequest');
    expect(child(req.header, 'Security', 'urn:wsse')).toBeDefined();
  });

  it('reads a request written the way public integrator code writes it (other prefixes, no xmlns="", WS-Security header)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${S}">
  <SOAP-ENV:Header>
    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" SOAP-ENV:mustUnderstand="1"/>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="id-1">
    <ns3:SendMessage xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Interfaces" xmlns:ns3="${T}">
      <request>
        <requestInfo>
          <messageId>1</messageId>
          <serviceId>GBDFLUniversal_token</serviceId>
          <messageDate>2017-10-12T15:22:16.183+06:00</messageDate>
          <sender><senderId>smartbridge</senderId><password>123</password></sender>
          <properties><key>CONNECTOR_CLIENT</key><value>true</value></properties>
        </requestInfo>
        <requestData>
          <ns4:data xmlns:ns4="http://bip.bee.kz/SyncChannel/v10/Interfaces" xmlns:cs="http://message.persistence.interactive.nat" xmlns:xsi="${XSI_NS}" xsi:type="cs:Request">
            <iin>931002451325</iin>
          </ns4:data>
        </requestData>
      </request>
    </ns3:SendMessage>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
    // data qualified in the Interfaces namespace, as this public sample sends it, is accepted.
    const req = parseSendMessage(xml);
    expect(req.data?.ns).toBe('http://bip.bee.kz/SyncChannel/v10/Interfaces');
    expect(req.requestInfo.serviceId).toBe('GBDFLUniversal_token');
    expect(req.requestInfo.properties).toEqual([{ key: 'CONNECTOR_CLIENT', value: 'true' }]);
    expect(childText(req.data, 'iin')).toBe('931002451325');
  });

  it('accepts a request without requestData, and requestData without data', () => {
    expect(parseSendMessage(sendMessage(GOOD_INFO, '')).data).toBeUndefined();
    expect(parseSendMessage(sendMessage(GOOD_INFO, '<requestData/>')).data).toBeUndefined();
  });

  it('keeps a password as sent (no trimming) and accepts a sender without password (WS-Security may authenticate)', () => {
    const spaced = GOOD_INFO.replace('<password>secret</password>', '<password> s p </password>');
    expect(parseSendMessage(sendMessage(spaced)).requestInfo.sender).toEqual({ senderId: 'bank', password: ' s p ' });
    const none = GOOD_INFO.replace('<password>secret</password>', '');
    expect(parseSendMessage(sendMessage(none)).requestInfo.sender).toEqual({ senderId: 'bank' });
  });

  it('reports every missing required field at once, with its path', () => {
    const errs = fields(sendMessage('<requestInfo><sender/></requestInfo>'));
    expect(errs.map((e) => [e.field, e.problem])).toEqual([
      ['request/requestInfo/messageId', 'missing'],
      ['request/requestInfo/serviceId', 'missing'],
      ['request/requestInfo/messageDate', 'missing'],
      ['request/requestInfo/sender/senderId', 'missing'],
    ]);
  });

  it('treats an empty or blank required field as missing', () => {
    const errs = fields(sendMessage(GOOD_INFO.replace('<messageId>m-1</messageId>', '<messageId>  </messageId>')));
    expect(errs).toEqual([
      { field: 'request/requestInfo/messageId', problem: 'missing', message: 'request/requestInfo/messageId is empty' },
    ]);
  });

  it('reports a missing sender, requestInfo or request', () => {
    expect(fields(sendMessage(GOOD_INFO.replace(/<sender>.*<\/sender>/, ''))).map((e) => e.field)).toEqual([
      'request/requestInfo/sender',
    ]);
    expect(fields(sendMessage('')).map((e) => e.field)).toEqual(['request/requestInfo']);
    expect(fields(envelope('<v10:SendMessage/>')).map((e) => e.field)).toEqual(['request']);
  });

  it('refuses a namespace-qualified request (it must carry xmlns="")', () => {
    const xml = envelope(`<v10:SendMessage><v10:request>${GOOD_INFO}</v10:request></v10:SendMessage>`);
    expect(fields(xml)).toEqual([
      {
        field: 'request',
        problem: 'invalid',
        message: `request must be unqualified (xmlns=""), it is in namespace "${T}"`,
      },
    ]);
  });

  it('refuses a qualified field inside requestInfo', () => {
    const xml = sendMessage(
      GOOD_INFO.replace('<serviceId>KDP_SERVICE</serviceId>', '<v10:serviceId>KDP_SERVICE</v10:serviceId>'),
    );
    expect(fields(xml).map((e) => [e.field, e.problem])).toEqual([['request/requestInfo/serviceId', 'invalid']]);
  });

  it('refuses a repeated single-valued field', () => {
    const xml = sendMessage(
      GOOD_INFO.replace('<messageId>m-1</messageId>', '<messageId>a</messageId><messageId>b</messageId>'),
    );
    expect(fields(xml)).toEqual([
      {
        field: 'request/requestInfo/messageId',
        problem: 'invalid',
        message: 'request/requestInfo/messageId appears 2 times',
      },
    ]);
  });

  it('refuses two data elements', () => {
    const xml = sendMessage(GOOD_INFO, '<requestData><data/><data/></requestData>');
    expect(fields(xml).map((e) => e.field)).toEqual(['request/requestData/data']);
  });

  it('refuses a property without key, naming its position', () => {
    const xml = sendMessage(
      GOOD_INFO.replace(
        '</requestInfo>',
        '<properties><key>a</key><value>1</value></properties><properties><value>2</value></properties></requestInfo>',
      ),
    );
    expect(fields(xml).map((e) => e.field)).toEqual(['request/requestInfo/properties[2]/key']);
  });

  it.each([
    '2025-06-23T12:40:34.477+06:00',
    '2025-06-23T12:40:34.477+05:00',
    '2020-05-31T21:10:20+06:00',
    '2025-06-23T06:40:34Z',
    '2025-06-23T12:40:34',
    '2024-02-29T00:00:00.1-14:00',
  ])('accepts the xs:dateTime %s as messageDate', (date) => {
    expect(
      parseSendMessage(sendMessage(GOOD_INFO.replace('2025-06-23T12:40:34.477+06:00', date))).requestInfo.messageDate,
    ).toBe(date);
  });

  it.each([
    '23.06.2025 12:40:34',
    '2025-06-23 12:40:34',
    '2025-06-23',
    '2025-02-29T00:00:00+06:00',
    '2025-13-01T00:00:00+06:00',
    '2025-06-31T00:00:00+06:00',
    '2025-06-23T24:00:00+06:00',
    '2025-06-23T12:60:00+06:00',
    '2025-06-23T12:40:34+15:00',
    '2025-06-23T12:40:34+0600',
    '1750663234477',
  ])('refuses %s as messageDate', (date) => {
    const errs = fields(sendMessage(GOOD_INFO.replace('2025-06-23T12:40:34.477+06:00', date)));
    expect(errs).toEqual([
      { field: 'request/requestInfo/messageDate', problem: 'invalid', message: expect.stringContaining(date) },
    ]);
  });

  it("in strict mode, holds messageDate to yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm", () => {
    expect(isStrictShepDate('2025-06-23T12:40:34.477+06:00')).toBe(true);
    expect(isStrictShepDate('2025-06-23T12:40:34.477+05:00')).toBe(true);
    expect(isStrictShepDate('2025-06-23T12:40:34+06:00')).toBe(false);
    expect(isStrictShepDate('2025-06-23T12:40:34.477Z')).toBe(false);
    expect(isStrictShepDate('2025-02-30T12:40:34.477+06:00')).toBe(false);
    const loose = sendMessage(GOOD_INFO.replace('2025-06-23T12:40:34.477+06:00', '2025-06-23T12:40:34+06:00'));
    expect(() => parseSendMessage(loose)).not.toThrow();
    expect(fields(loose, { strictMessageDate: true }).map((e) => e.field)).toEqual(['request/requestInfo/messageDate']);
  });

  it('validates the calendar, leap years included', () => {
    expect(isXsdDateTime('2000-02-29T00:00:00')).toBe(true);
    expect(isXsdDateTime('1900-02-29T00:00:00')).toBe(false);
    expect(isXsdDateTime('0000-01-01T00:00:00')).toBe(false);
  });
});

describe('T-SHEP-1 what is not a SendMessage envelope', () => {
  it('refuses a document that is not an Envelope', () => {
    expect(rejected('<SendMessage/>').kind).toBe('not-send-message');
  });

  it('answers version mismatch to a SOAP 1.2 envelope', () => {
    const err = rejected(`<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>`);
    expect(err.kind).toBe('version-mismatch');
    expect(err.message).toMatch(/SOAP 1\.2/);
  });

  it('refuses an Envelope without Body, with two Bodies, or with an empty Body', () => {
    expect(rejected(`<s:Envelope xmlns:s="${S}"><s:Header/></s:Envelope>`).message).toMatch(/no Body/);
    expect(rejected(`<s:Envelope xmlns:s="${S}"><s:Body/><s:Body/></s:Envelope>`).message).toMatch(
      /more than one Body/,
    );
    expect(rejected(`<s:Envelope xmlns:s="${S}"><s:Body/></s:Envelope>`).message).toMatch(/exactly one SendMessage/);
  });

  it('refuses another operation, a SendMessage in the wrong namespace and two SendMessages', () => {
    expect(rejected(envelope('<v10:GetMessage/>')).message).toMatch(/only operation/);
    expect(rejected(envelope('<SendMessage xmlns="http://bip.bee.kz/SyncChannel/v10/Interfaces"/>')).message).toMatch(
      /must be in namespace/,
    );
    expect(rejected(envelope('<v10:SendMessage/><v10:SendMessage/>')).message).toMatch(/holds 2 elements/);
  });

  it('lets hostile XML through as XmlRejected, not as an envelope error', () => {
    expect(() => parseSendMessage('<!DOCTYPE x><x/>')).toThrow(XmlRejected);
  });
});

describe('T-SHEP-8 building SendMessageResponse', () => {
  it('writes the exact response vector', () => {
    const xml = buildSendMessageResponse(
      {
        messageId: '9d1c938b-f840-4cf7-8b56-1e1be4a9f7b7',
        correlationId: 'm-1',
        responseDate: '2025-06-23T12:40:34.477+06:00',
        status: { code: 'SCSS001', message: 'Message has been processed successfully' },
        sessionId: '{f0774397-4fcd-484a-9434-f71535ee4326}',
      },
      {
        dataXml: '<status>OK</status>',
        dataType: { ns: 'http://service.2fa-chain.kz/ns/kdp', name: 'getUserDataResponse' },
      },
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soap:Envelope xmlns:soap="${S}"><soap:Body>` +
        `<ns2:SendMessageResponse xmlns:ns2="${T}"><response>` +
        '<responseInfo><messageId>9d1c938b-f840-4cf7-8b56-1e1be4a9f7b7</messageId><correlationId>m-1</correlationId>' +
        '<responseDate>2025-06-23T12:40:34.477+06:00</responseDate>' +
        '<status><code>SCSS001</code><message>Message has been processed successfully</message></status>' +
        '<sessionId>{f0774397-4fcd-484a-9434-f71535ee4326}</sessionId></responseInfo>' +
        `<responseData><data xmlns:xsi="${XSI_NS}" xmlns:dt="http://service.2fa-chain.kz/ns/kdp" xsi:type="dt:getUserDataResponse"><status>OK</status></data></responseData>` +
        '</response></ns2:SendMessageResponse></soap:Body></soap:Envelope>',
    );
    const reply = parseShepReply(xml);
    expect(reply).toMatchObject({
      kind: 'response',
      responseInfo: {
        messageId: '9d1c938b-f840-4cf7-8b56-1e1be4a9f7b7',
        correlationId: 'm-1',
        status: { code: 'SCSS001' },
        sessionId: '{f0774397-4fcd-484a-9434-f71535ee4326}',
      },
    });
    expect(reply.kind === 'response' && childText(reply.data, 'status')).toBe('OK');
  });

  it('omits correlationId when there is none, writes an empty responseData without data, cuts status/message at 250', () => {
    const xml = buildSendMessageResponse({
      messageId: 'r',
      responseDate: '2025-06-23T12:40:34.477+06:00',
      status: { code: 'SCSS001', message: 'x'.repeat(300) },
      sessionId: '{s}',
    });
    expect(xml).not.toContain('correlationId');
    expect(xml).toContain('<responseData></responseData>');
    const reply = parseShepReply(xml);
    expect(reply.kind === 'response' && reply.responseInfo.status.message.length).toBe(250);
    expect(reply.kind === 'response' && reply.data).toBeUndefined();
  });
});

describe('T-SHEP-7 building the SOAP fault', () => {
  it('writes the exact fault vector with ErrorInfo in schema order', () => {
    const xml = buildSoapFault('Client', 'The request is invalid', {
      errorCode: 'EVAL001',
      errorMessage: 'The request is invalid',
      errorDate: '2025-06-23T12:40:34.477+06:00',
      subErrors: [
        {
          errorCode: 'EVAL002',
          errorMessage: 'request/requestInfo/messageId is missing',
          errorData: 'request/requestInfo/messageId',
          errorDate: '2025-06-23T12:40:34.477+06:00',
          subErrors: [],
          sessionId: '{s}',
        },
      ],
      sessionId: '{s}',
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soap:Envelope xmlns:soap="${S}"><soap:Body><soap:Fault>` +
        '<faultcode>soap:Client</faultcode><faultstring>The request is invalid</faultstring>' +
        `<detail><ns2:SendMessageFault1_SendMessageFault xmlns:ns2="${T}">` +
        '<errorCode>EVAL001</errorCode><errorMessage>The request is invalid</errorMessage><errorDate>2025-06-23T12:40:34.477+06:00</errorDate>' +
        '<subError><errorCode>EVAL002</errorCode><errorMessage>request/requestInfo/messageId is missing</errorMessage>' +
        '<errorData>request/requestInfo/messageId</errorData><errorDate>2025-06-23T12:40:34.477+06:00</errorDate><sessionId>{s}</sessionId></subError>' +
        '<sessionId>{s}</sessionId>' +
        '</ns2:SendMessageFault1_SendMessageFault></detail></soap:Fault></soap:Body></soap:Envelope>',
    );
    expect(parseShepReply(xml)).toEqual({
      kind: 'fault',
      faultcode: 'Client',
      faultstring: 'The request is invalid',
      errorInfo: {
        errorCode: 'EVAL001',
        errorMessage: 'The request is invalid',
        errorDate: '2025-06-23T12:40:34.477+06:00',
        subErrors: [
          {
            errorCode: 'EVAL002',
            errorMessage: 'request/requestInfo/messageId is missing',
            errorData: 'request/requestInfo/messageId',
            errorDate: '2025-06-23T12:40:34.477+06:00',
            subErrors: [],
            sessionId: '{s}',
          },
        ],
        sessionId: '{s}',
      },
    });
  });

  it('escapes every value and drops characters XML cannot carry, so the fault always parses', () => {
    const nasty = '</errorMessage><x>&amp;"\'\u0000\u0007\uD800 ok';
    const xml = buildSoapFault('Server', nasty, {
      errorCode: '<E>',
      errorMessage: nasty,
      errorData: ']]>',
      errorDate: 'd',
      subErrors: [],
      sessionId: '{s}',
    });
    expect(() => parseXml(xml)).not.toThrow();
    const reply = parseShepReply(xml);
    expect(reply).toMatchObject({
      kind: 'fault',
      faultcode: 'Server',
      errorInfo: { errorCode: '<E>', errorMessage: '</errorMessage><x>&amp;"\' ok', errorData: ']]>' },
    });
    expect(xmlValue('a\u0001b')).toBe('ab');
  });

  it('writes VersionMismatch as a SOAP 1.1 faultcode', () => {
    expect(
      buildSoapFault('VersionMismatch', 'v', {
        errorCode: 'ESOP002',
        errorMessage: 'v',
        errorDate: 'd',
        subErrors: [],
      }),
    ).toContain('<faultcode>soap:VersionMismatch</faultcode>');
  });
});
