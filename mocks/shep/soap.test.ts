import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { childText } from '../../protocol/xml/element.ts';
import { ECHO_SERVICE_ID } from './echo-service.ts';
import {
  buildSendMessageRequest,
  parseShepReply,
  type ErrorInfo,
  type ShepReply,
} from '../../protocol/shep/envelope.ts';
import { SHEP_ERRORS } from './soap-faults.ts';
import type { ShepExchangeResult } from './soap.ts';
import { ShepFault, type ShepService } from './service.ts';
import { createTestGateway, echoRequest, TEST_SENDERS, type TestGateway } from './testing.ts';

const SESSION_ID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/;

let t: TestGateway;

beforeEach(async () => {
  t = await createTestGateway();
});

afterEach(async () => {
  await t.close();
});

function ok(result: ShepExchangeResult): Extract<ShepReply, { kind: 'response' }> {
  const reply = parseShepReply(result.body);
  if (reply.kind !== 'response') throw new Error(`expected a response, got ${result.body}`);
  expect(result.status).toBe(200);
  expect(result.outcome).toBe('SCSS001');
  return reply;
}

function fault(result: ShepExchangeResult, code: string, status = 500): ErrorInfo & { faultcode: string } {
  const reply = parseShepReply(result.body);
  if (reply.kind !== 'fault' || !reply.errorInfo) throw new Error(`expected a fault, got ${result.body}`);
  expect(reply.errorInfo.errorCode, reply.errorInfo.errorMessage).toBe(code);
  expect(result.status).toBe(status);
  expect(result.outcome).toBe(code);
  expect(result.contentType).toBe('text/xml; charset=utf-8');
  expect(reply.errorInfo.sessionId).toMatch(SESSION_ID);
  expect(reply.errorInfo.sessionId).toBe(result.sessionId);
  expect(reply.errorInfo.errorDate).toBe('2025-06-23T11:40:34.477+05:00');
  return { ...reply.errorInfo, faultcode: reply.faultcode };
}

/** After any refusal, the gateway must still answer a good message. */
async function stillAnswers(): Promise<void> {
  ok(await t.gateway.handle('test', echoRequest()));
}

function sender(s: { senderId: string; password: string }) {
  return { sender: { senderId: s.senderId, password: s.password } };
}

describe('T-SHEP-1 T-SHEP-8 a successful exchange', () => {
  it('T-SHEP-8 answers SCSS001 with responseInfo and echoes requestData/data through the echo service', async () => {
    const request = buildSendMessageRequest({
      requestInfo: {
        messageId: 'round-trip-1',
        serviceId: ECHO_SERVICE_ID,
        messageDate: '2025-06-23T12:40:34.477+06:00',
        sender: { senderId: 'bank-test', password: 'test-secret' },
      },
      dataXml: '<k:ping xmlns:k="urn:kdp:test" k:attr="v"><k:who>Әлия &amp; Ержан</k:who></k:ping><plain>1</plain>',
    });
    const result = await t.gateway.handle('test', request);
    const reply = ok(result);
    expect(reply.responseInfo).toEqual({
      messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlationId: 'round-trip-1',
      responseDate: '2025-06-23T11:40:34.477+05:00',
      status: { code: 'SCSS001', message: 'Message has been processed successfully' },
      sessionId: expect.stringMatching(SESSION_ID),
    });
    expect(reply.responseInfo.sessionId).toBe(result.sessionId);
    expect(reply.responseInfo.messageId).not.toBe('round-trip-1');
    const [ping, plain] = reply.data!.children;
    expect(ping).toMatchObject({ name: 'ping', ns: 'urn:kdp:test' });
    expect(childText(ping, 'who', 'urn:kdp:test')).toBe('Әлия & Ержан');
    expect(plain).toMatchObject({ name: 'plain', ns: '', text: '1' });
  });

  it('gives every exchange its own sessionId and response messageId', async () => {
    const a = ok(await t.gateway.handle('test', echoRequest()));
    const b = ok(await t.gateway.handle('test', echoRequest()));
    expect(a.responseInfo.sessionId).not.toBe(b.responseInfo.sessionId);
    expect(a.responseInfo.messageId).not.toBe(b.responseInfo.messageId);
  });

  it('ignores a sessionId sent by the sender: SHEP sets it', async () => {
    const reply = ok(
      await t.gateway.handle('test', echoRequest({ sessionId: '{11111111-1111-4111-8111-111111111111}' })),
    );
    expect(reply.responseInfo.sessionId).not.toBe('{11111111-1111-4111-8111-111111111111}');
  });

  it('writes responseDate from the virtual clock in +05:00 (Kazakhstan since 1 March 2024)', async () => {
    t.clock.advance(3_600_000);
    expect(ok(await t.gateway.handle('test', echoRequest())).responseInfo.responseDate).toBe(
      '2025-06-23T12:40:34.477+05:00',
    );
  });

  it("T-SHEP-3 wsSecurity 'required' refuses an unsigned message (EAUT005); 'off' ignores a broken signature", async () => {
    const strict = await createTestGateway({ wsSecurity: 'required' });
    const off = await createTestGateway({ wsSecurity: 'off' });
    try {
      const refused = parseShepReply((await strict.gateway.handle('test', echoRequest())).body);
      expect(refused).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'EAUT005' } });
      const broken = echoRequest().replace(
        /<soap:Body>/,
        '<soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></wsse:Security></soap:Header><soap:Body>',
      );
      expect(broken).toContain('ds:Signature');
      expect(parseShepReply((await off.gateway.handle('test', broken)).body).kind).toBe('response');
      expect(parseShepReply((await t.gateway.handle('test', broken)).body)).toMatchObject({
        errorInfo: { errorCode: 'EAUT004' },
      });
    } finally {
      await strict.close();
      await off.close();
    }
  });

  it('writes responseDate and errorDate in +06:00 when the profile says so', async () => {
    const old = await createTestGateway({ utcOffsetMinutes: 360 });
    try {
      expect(ok(await old.gateway.handle('test', echoRequest())).responseInfo.responseDate).toBe(
        '2025-06-23T12:40:34.477+06:00',
      );
      const refused = parseShepReply((await old.gateway.handle('test', '<x/>')).body);
      expect(refused.kind === 'fault' ? refused.errorInfo?.errorDate : '').toBe('2025-06-23T12:40:34.477+06:00');
    } finally {
      await old.close();
    }
  });

  it('passes the message context to the service', async () => {
    const seen: unknown[] = [];
    t.gateway.register({ serviceId: 'CTX', handle: async (_data, ctx) => (seen.push(ctx), { dataXml: '' }) });
    const request = buildSendMessageRequest({
      requestInfo: {
        messageId: 'ctx-1',
        correlationId: 'chain',
        serviceId: 'CTX',
        messageDate: '2025-06-23T12:40:34+06:00',
        sender: { senderId: 'bank-test', password: 'test-secret' },
        properties: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      },
    });
    const result = await t.gateway.handle('test', request);
    ok(result);
    expect(seen).toEqual([
      {
        environment: 'test',
        senderId: 'bank-test',
        messageId: 'ctx-1',
        correlationId: 'chain',
        serviceId: 'CTX',
        messageDate: '2025-06-23T12:40:34+06:00',
        sessionId: result.sessionId,
        properties: { a: '1' },
      },
    ]);
  });

  it('refuses to register two services under one serviceId', () => {
    expect(() => t.gateway.register({ serviceId: ECHO_SERVICE_ID, handle: async () => ({ dataXml: '' }) })).toThrow(
      /already registered/,
    );
    expect(t.gateway.serviceIds()).toEqual([ECHO_SERVICE_ID]);
  });
});

describe('T-SHEP-3 R12 sender authentication', () => {
  it('T-SHEP-3 refuses a wrong password', async () => {
    const e = fault(
      await t.gateway.handle('test', echoRequest({ sender: { senderId: 'bank-test', password: 'guess' } })),
      'EAUT002',
    );
    expect(e.faultcode).toBe('Client');
    await stillAnswers();
  });

  it('T-SHEP-3 refuses a missing or empty password', async () => {
    fault(await t.gateway.handle('test', echoRequest({ sender: { senderId: 'bank-test' } })), 'EAUT002');
    fault(await t.gateway.handle('test', echoRequest({ sender: { senderId: 'bank-test', password: '' } })), 'EAUT002');
  });

  it('T-SHEP-3 refuses an unknown sender', async () => {
    const e = fault(
      await t.gateway.handle('test', echoRequest({ sender: { senderId: 'nobody', password: 'x' } })),
      'EAUT001',
    );
    expect(e.errorMessage).toContain('nobody');
    await stillAnswers();
  });

  it('R12 a test credential never works in production', async () => {
    const e = fault(await t.gateway.handle('prod', echoRequest(sender(TEST_SENDERS.bankTest))), 'EAUT003');
    expect(e.errorMessage).toBe(
      'The credential belongs to the other environment: "bank-test" is a test credential, sent to prod',
    );
  });

  it('R12 a production credential never works in test', async () => {
    fault(await t.gateway.handle('test', echoRequest(sender(TEST_SENDERS.bankProd))), 'EAUT003');
    ok(await t.gateway.handle('prod', echoRequest(sender(TEST_SENDERS.bankProd))));
  });

  it('R12 with one senderId in both environments, each password works only in its own', async () => {
    ok(await t.gateway.handle('test', echoRequest(sender(TEST_SENDERS.twinTest))));
    ok(await t.gateway.handle('prod', echoRequest(sender(TEST_SENDERS.twinProd))));
    fault(await t.gateway.handle('prod', echoRequest(sender(TEST_SENDERS.twinTest))), 'EAUT003');
    fault(await t.gateway.handle('test', echoRequest(sender(TEST_SENDERS.twinProd))), 'EAUT003');
    fault(
      await t.gateway.handle('test', echoRequest({ sender: { senderId: 'twin', password: 'neither' } })),
      'EAUT002',
    );
  });

  it('a revoked credential stops working', async () => {
    await t.credentials.revoke('test', 'bank-test');
    fault(await t.gateway.handle('test', echoRequest()), 'EAUT001');
  });
});

describe('T-SHEP-4 duplicate messageId', () => {
  it('T-SHEP-4 refuses a repeated messageId from the same sender', async () => {
    const request = echoRequest({ messageId: 'dup-1' });
    ok(await t.gateway.handle('test', request));
    const e = fault(await t.gateway.handle('test', request), 'EDUP001');
    expect(e.errorData).toBe('dup-1');
    await stillAnswers();
  });

  it('T-SHEP-4 accepts the same messageId from another sender', async () => {
    ok(await t.gateway.handle('test', echoRequest({ messageId: 'shared' })));
    ok(await t.gateway.handle('test', echoRequest({ messageId: 'shared', ...sender(TEST_SENDERS.otherTest) })));
  });

  it('T-SHEP-4 keeps test and prod duplicate spaces apart', async () => {
    ok(await t.gateway.handle('test', echoRequest({ messageId: 'both', ...sender(TEST_SENDERS.twinTest) })));
    ok(await t.gateway.handle('prod', echoRequest({ messageId: 'both', ...sender(TEST_SENDERS.twinProd) })));
    fault(
      await t.gateway.handle('prod', echoRequest({ messageId: 'both', ...sender(TEST_SENDERS.twinProd) })),
      'EDUP001',
    );
  });

  it('T-SHEP-4 lets exactly one of two concurrent identical messages through', async () => {
    const request = echoRequest({ messageId: 'race' });
    const results = await Promise.all([
      t.gateway.handle('test', request),
      t.gateway.handle('test', request),
      t.gateway.handle('test', request),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['EDUP001', 'EDUP001', 'SCSS001']);
  });

  it('consumes a messageId even when the service refuses, so a retry needs a new one', async () => {
    const request = echoRequest({ messageId: 'refused-once' }, '<echoFault><errorCode>ECHO042</errorCode></echoFault>');
    fault(await t.gateway.handle('test', request), 'ECHO042');
    fault(await t.gateway.handle('test', request), 'EDUP001');
  });

  it('does not consume a messageId refused before routing (authentication, unknown service)', async () => {
    fault(await t.gateway.handle('test', echoRequest({ messageId: 'early', serviceId: 'NOPE' })), 'ESRV001');
    fault(
      await t.gateway.handle(
        'test',
        echoRequest({ messageId: 'early', sender: { senderId: 'bank-test', password: 'bad' } }),
      ),
      'EAUT002',
    );
    ok(await t.gateway.handle('test', echoRequest({ messageId: 'early' })));
  });

  it('files the consumed messageId on the exchange record itself, with no row of its own', async () => {
    ok(await t.gateway.handle('test', echoRequest({ messageId: 'stored' })));
    fault(await t.gateway.handle('test', echoRequest({ messageId: 'stored' })), 'EDUP001');
    const [first, second] = await t.runtime.journal.query({ channel: 'shep', correlation: 'stored' });
    expect(first!.messageKey).toBe(JSON.stringify(['test', 'bank-test', 'stored']));
    // The refused twin consumed nothing.
    expect(second!.messageKey).toBeUndefined();
    expect(await t.store.collection('shep-message-ids').count()).toBe(0);
  });
});

describe('T-SHEP-5 routing', () => {
  it('T-SHEP-5 refuses an unknown serviceId', async () => {
    const e = fault(await t.gateway.handle('test', echoRequest({ serviceId: 'KDP_SERVICE_TYPO' })), 'ESRV001');
    expect(e.errorMessage).toContain('KDP_SERVICE_TYPO');
    await stillAnswers();
  });

  it('routes to a service registered later, and stops after unregister', async () => {
    t.gateway.register({ serviceId: 'LATE', handle: async () => ({ dataXml: '<late/>' }) });
    ok(await t.gateway.handle('test', echoRequest({ serviceId: 'LATE' })));
    t.gateway.unregister('LATE');
    fault(await t.gateway.handle('test', echoRequest({ serviceId: 'LATE' })), 'ESRV001');
  });
});

describe('T-SHEP-2 request validation', () => {
  it('T-SHEP-2 refuses missing requestInfo fields with one subError per field, path in errorData', async () => {
    const request = buildSendMessageRequest({
      requestInfo: {
        messageId: '',
        serviceId: ECHO_SERVICE_ID,
        messageDate: '',
        sender: { senderId: 'bank-test', password: 'test-secret' },
      },
    }).replace('<messageId></messageId>', '');
    const e = fault(await t.gateway.handle('test', request), 'EVAL001');
    expect(e.faultcode).toBe('Client');
    expect(e.errorMessage).toBe(
      'The request is invalid: request/requestInfo/messageId, request/requestInfo/messageDate',
    );
    expect(e.subErrors.map((s) => [s.errorCode, s.errorData])).toEqual([
      ['EVAL002', 'request/requestInfo/messageId'],
      ['EVAL002', 'request/requestInfo/messageDate'],
    ]);
    expect(e.subErrors.every((s) => s.sessionId === e.sessionId)).toBe(true);
    await stillAnswers();
  });

  it('T-SHEP-2 refuses an invalid messageDate with EVAL003', async () => {
    const e = fault(await t.gateway.handle('test', echoRequest({ messageDate: '23.06.2025' })), 'EVAL001');
    expect(e.subErrors).toEqual([
      expect.objectContaining({ errorCode: 'EVAL003', errorData: 'request/requestInfo/messageDate' }),
    ]);
  });

  it('holds messageDate to the strict form when configured', async () => {
    const strict = await createTestGateway({ envelope: { strictMessageDate: true } });
    try {
      fault(await strict.gateway.handle('test', echoRequest({ messageDate: '2025-06-23T12:40:34+06:00' })), 'EVAL001');
      ok(await strict.gateway.handle('test', echoRequest()));
    } finally {
      await strict.close();
    }
  });

  it('T-SHEP-1 refuses a body that is not a SendMessage envelope', async () => {
    fault(await t.gateway.handle('test', '<SendMessage/>'), 'ESOP001');
    fault(
      await t.gateway.handle(
        'test',
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x/></s:Body></s:Envelope>`,
      ),
      'ESOP001',
    );
  });

  it('T-SHEP-1 answers VersionMismatch to a SOAP 1.2 envelope', async () => {
    const soap12 = echoRequest().replaceAll(
      'http://schemas.xmlsoap.org/soap/envelope/',
      'http://www.w3.org/2003/05/soap-envelope',
    );
    const e = fault(await t.gateway.handle('test', soap12), 'ESOP002');
    expect(e.faultcode).toBe('VersionMismatch');
  });
});

describe('T-SHEP-6 malformed and hostile XML', () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>&xxe;</x></soap:Body></soap:Envelope>`;
  const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('')}]><lolz>&lol9;</lolz>`;

  it.each([
    [
      'unclosed tags',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>',
      'EXML001',
      undefined,
    ],
    ['garbage bytes', '\u0000\u0001\u00ff\u00fe garbage', 'EXML001', undefined],
    ['an empty body', '', 'EXML001', undefined],
    ['JSON', '{"messageId":"1"}', 'EXML001', undefined],
    ['a DTD with an external entity (XXE)', xxe, 'EXML002', 'dtd'],
    ['a billion-laughs document', lol, 'EXML002', 'dtd'],
    ['an undefined entity', echoRequest({ messageId: 'ENT' }).replace('>ENT<', '>&xxe;<'), 'EXML002', 'entity'],
    [
      'a processing instruction',
      `<?xml-stylesheet href="x"?>${echoRequest()}`.replace('<?xml version="1.0" encoding="UTF-8"?>', ''),
      'EXML002',
      'pi',
    ],
    ['100 000-deep nesting', '<a>'.repeat(100_000) + '</a>'.repeat(100_000), 'EXML003', 'depth'],
    ['a huge attribute', `<a v="${'x'.repeat(100_000)}"/>`, 'EXML003', 'attribute-length'],
  ])('T-SHEP-6 refuses %s and keeps answering', async (_what, body, code, data) => {
    const e = fault(await t.gateway.handle('test', body as string), code as string);
    expect(e.faultcode).toBe('Client');
    if (data) expect(e.errorData).toBe(data);
    expect(e.errorMessage).not.toContain('root:x:0:0');
    await stillAnswers();
  });

  it('T-SHEP-6 refuses an oversized body with 413 before parsing it', async () => {
    const big = echoRequest({}, `<blob>${'A'.repeat(1024 * 1024)}</blob>`);
    const e = fault(await t.gateway.handle('test', big), 'EXML004', 413);
    expect(e.errorMessage).toMatch(/larger than 1048576 bytes/);
    await stillAnswers();
  });

  it('applies configured XML limits, including a smaller body limit', async () => {
    const small = await createTestGateway({ xmlLimits: { maxBytes: 2048, maxDepth: 8 } });
    try {
      expect(small.gateway.bodyLimit).toBe(2048);
      fault(await small.gateway.handle('test', echoRequest({}, `<a>${'x'.repeat(3000)}</a>`)), 'EXML004', 413);
      fault(await small.gateway.handle('test', echoRequest({}, '<a><b><c><d/></c></b></a>')), 'EXML003');
      ok(await small.gateway.handle('test', echoRequest()));
    } finally {
      await small.close();
    }
  });

  it('never throws, whatever it is given', async () => {
    for (const weird of [undefined, null, 42, {}, Buffer.from('<a/>')]) {
      const result = await t.gateway.handle('test', weird as unknown as string);
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(parseShepReply(result.body).kind).toBe('fault');
    }
    const result = await t.gateway.handle('staging' as 'test', echoRequest());
    fault(result, 'ESYS001');
  });
});

describe('T-SHEP-9 injected faults and latency', () => {
  it('T-SHEP-9 answers an injected SOAP fault for the serviceId, as many times as asked', async () => {
    t.faults.update({
      shepFaults: [
        {
          serviceId: ECHO_SERVICE_ID,
          errorCode: 'ESYS503',
          errorMessage: 'Service temporarily unavailable',
          remaining: 2,
        },
      ],
    });
    const e = fault(await t.gateway.handle('test', echoRequest()), 'ESYS503');
    expect(e).toMatchObject({ faultcode: 'Server', errorMessage: 'Service temporarily unavailable' });
    fault(await t.gateway.handle('test', echoRequest()), 'ESYS503');
    ok(await t.gateway.handle('test', echoRequest()));
  });

  it('T-SHEP-9 a wildcard rule hits every service; refusals before routing are not affected', async () => {
    t.faults.update({ shepFaults: [{ serviceId: '*', errorCode: 'ESYS500', errorMessage: 'Down', remaining: null }] });
    fault(await t.gateway.handle('test', echoRequest()), 'ESYS500');
    fault(await t.gateway.handle('test', echoRequest({ sender: { senderId: 'x', password: 'y' } })), 'EAUT001');
    t.faults.clear();
    ok(await t.gateway.handle('test', echoRequest()));
  });

  it('T-SHEP-9 waits the injected latency on every exchange, refusals included', async () => {
    t.faults.update({ shepLatencyMs: 250 });
    ok(await t.gateway.handle('test', echoRequest()));
    fault(await t.gateway.handle('test', '<bad'), 'EXML001');
    expect(t.slept).toEqual([250, 250]);
  });

  it('T-SHEP-9 really delays the answer with the default sleep', async () => {
    const real = await createTestGateway({ sleep: undefined });
    try {
      real.faults.update({ shepLatencyMs: 60 });
      const started = performance.now();
      ok(await real.gateway.handle('test', echoRequest()));
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await real.close();
    }
  });
});

describe('T-SHEP-7 service failures', () => {
  it('T-SHEP-7 turns an unexpected Error of a service into ESYS001 without leaking it, and keeps answering', async () => {
    const onInternalError = vi.fn();
    const g = await createTestGateway({ onInternalError });
    try {
      g.gateway.register({
        serviceId: 'BOOM',
        handle: async () => {
          throw new Error('secret stack detail');
        },
      });
      const e = fault(await g.gateway.handle('test', echoRequest({ serviceId: 'BOOM' })), 'ESYS001');
      expect(e.faultcode).toBe('Server');
      expect(g.slept).toEqual([]);
      expect(parseShepReply((await g.gateway.handle('test', echoRequest({ serviceId: 'BOOM' }))).body)).toMatchObject({
        kind: 'fault',
      });
      expect(onInternalError).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret stack detail' }), {
        environment: 'test',
        serviceId: 'BOOM',
      });
      ok(await g.gateway.handle('test', echoRequest()));
      const journal = await g.runtime.journal.query({ service: 'BOOM' });
      expect(journal[0]!.response).not.toContain('secret stack detail');
    } finally {
      await g.close();
    }
  });

  it('turns a synchronous throw, a non-Error throw and a missing answer into ESYS001', async () => {
    const services: ShepService[] = [
      {
        serviceId: 'SYNC',
        handle: (() => {
          throw new Error('sync');
        }) as ShepService['handle'],
      },
      {
        serviceId: 'STRING',
        handle: async () => {
          throw 'a string';
        },
      },
      { serviceId: 'NOTHING', handle: async () => undefined as never },
    ];
    for (const s of services) {
      t.gateway.register(s);
      fault(await t.gateway.handle('test', echoRequest({ serviceId: s.serviceId })), 'ESYS001');
    }
    await stillAnswers();
  });

  it('passes a ShepFault of a service through with its code, sub-errors, errorData and faultcode', async () => {
    t.gateway.register({
      serviceId: 'REFUSER',
      handle: async () => {
        throw new ShepFault(
          'KDP-101',
          'A required field is missing or empty',
          [{ errorCode: 'KDP-101', errorMessage: 'uin is empty', errorData: 'uin' }],
          'Client',
          'data/uin',
        );
      },
    });
    const e = fault(await t.gateway.handle('test', echoRequest({ serviceId: 'REFUSER' })), 'KDP-101');
    expect(e).toMatchObject({
      faultcode: 'Client',
      errorData: 'data/uin',
      subErrors: [expect.objectContaining({ errorCode: 'KDP-101', errorData: 'uin' })],
    });
    t.gateway.register({
      serviceId: 'SERVERSIDE',
      handle: async () => {
        throw new ShepFault('KDP-900', 'Down', [], 'Server');
      },
    });
    expect(fault(await t.gateway.handle('test', echoRequest({ serviceId: 'SERVERSIDE' })), 'KDP-900').faultcode).toBe(
      'Server',
    );
  });

  it('the echo service refuses on demand', async () => {
    const e = fault(
      await t.gateway.handle(
        'test',
        echoRequest({}, '<echoFault><errorCode>ECHO001</errorCode><errorMessage>as asked</errorMessage></echoFault>'),
      ),
      'ECHO001',
    );
    expect(e.errorMessage).toBe('as asked');
  });

  it('answers ESYS002 when a service does not answer in time', async () => {
    const g = await createTestGateway({ serviceTimeoutMs: 30 });
    try {
      g.gateway.register({ serviceId: 'SLOW', handle: () => new Promise(() => {}) });
      const e = fault(await g.gateway.handle('test', echoRequest({ serviceId: 'SLOW' })), 'ESYS002');
      expect(e.faultcode).toBe('Server');
      ok(await g.gateway.handle('test', echoRequest()));
    } finally {
      await g.close();
    }
  });
});

describe('T-SHEP-11 the journal', () => {
  it('T-SHEP-11 records a successful exchange with its context, password masked', async () => {
    const request = echoRequest({ messageId: 'journal-1' });
    const result = await t.gateway.handle('test', request);
    const [rec] = await t.runtime.journal.query({ channel: 'shep' });
    expect(rec).toMatchObject({
      channel: 'shep',
      environment: 'test',
      sender: 'bank-test',
      service: ECHO_SERVICE_ID,
      outcome: 'SCSS001',
      at: t.clock.nowMs(),
      response: result.body,
    });
    expect(rec!.request).toContain('<messageId>journal-1</messageId>');
    expect(rec!.request).toContain('<password>***</password>');
    expect(rec!.request).not.toContain('test-secret');
  });

  it('T-SHEP-11 masks a password written as CDATA, even one holding "]]", and a hostile run of them', async () => {
    await t.credentials.register({ environment: 'test', senderId: 'cdata', password: 'p]]w' });
    const plain = echoRequest({ sender: { senderId: 'cdata', password: 'p]]w' } }).replace(
      '<password>p]]w</password>',
      '<password><![CDATA[p]]w]]></password>',
    );
    expect((await t.gateway.handle('test', plain)).outcome).toBe('SCSS001');
    const hostile = '<password><![CDATA[leak]]>b'.repeat(2000);
    await t.gateway.handle('test', hostile);
    const recs = await t.runtime.journal.query({ channel: 'shep' });
    expect(recs[0]!.request).toContain('<password>***</password>');
    expect(recs[0]!.request).not.toContain('p]]w');
    expect(recs[1]!.outcome).toMatch(/^EXML00/);
  });

  it('T-SHEP-11 records refusals too: hostile XML without sender, authentication failures with it', async () => {
    await t.gateway.handle('test', '<!DOCTYPE a><a/>');
    await t.gateway.handle('prod', echoRequest({ sender: { senderId: 'bank-test', password: 'test-secret' } }));
    const recs = await t.runtime.journal.query({ channel: 'shep' });
    expect(recs.map((r) => [r.environment, r.sender, r.outcome])).toEqual([
      ['test', undefined, 'EXML002'],
      ['prod', 'bank-test', 'EAUT003'],
    ]);
    expect(recs[1]!.request).not.toContain('test-secret');
  });

  it('masks passwords written with a prefix, attributes or CDATA, and cuts huge requests', async () => {
    const g = await createTestGateway({ journalMaxChars: 2000 });
    try {
      const body = `<x><p:password xmlns:p="urn:p" a="1">s1</p:password><password><![CDATA[s2]]></password>${'y'.repeat(5000)}</x>`;
      await g.gateway.handle('test', body);
      const [rec] = await g.runtime.journal.query();
      expect(rec!.request).not.toMatch(/s1|s2/);
      expect(rec!.request.length).toBeLessThan(2100);
      expect(rec!.request).toMatch(/cut by the journal/);
    } finally {
      await g.close();
    }
  });

  it('keeps answering when the journal fails', async () => {
    const onInternalError = vi.fn();
    const g = await createTestGateway({ onInternalError });
    try {
      vi.spyOn(g.runtime.journal, 'record').mockRejectedValue(new Error('disk full'));
      const request = echoRequest({ messageId: 'unjournaled' });
      ok(await g.gateway.handle('test', request));
      // Its record never landed, but the messageId is spent all the same.
      fault(await g.gateway.handle('test', request), 'EDUP001');
      expect(onInternalError).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'disk full' }),
        expect.objectContaining({ environment: 'test' }),
      );
    } finally {
      await g.close();
    }
  });
});

describe('errors catalogue', () => {
  it('has unique codes in the SHEP shape', () => {
    const codes = Object.values(SHEP_ERRORS).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z]{4}\d{3}$/);
  });
});
