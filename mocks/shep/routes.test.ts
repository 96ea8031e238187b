import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attribute, child, childText } from '../../protocol/xml/element.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import { parseShepReply, SYNC_INTERFACES_NS } from '../../protocol/shep/envelope.ts';
import { shepRoutes } from './routes.ts';
import { createTestGateway, echoRequest, TEST_SENDERS, type TestGateway } from './testing.ts';

let t: TestGateway;
let app: FastifyInstance;

async function build(
  options: { publicBaseUrl?: string; fastify?: FastifyServerOptions } = {},
): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, ...options.fastify });
  // A sibling JSON API, to prove the plugin's parsers and error handler stay in its own scope.
  server.post('/api/json', async (request) => ({ got: request.body }));
  await server.register(shepRoutes, {
    gateway: t.gateway,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
  });
  await server.ready();
  return server;
}

beforeEach(async () => {
  t = await createTestGateway();
  app = await build();
});

afterEach(async () => {
  await app.close();
  await t.close();
});

function post(url: string, payload: string, contentType = 'text/xml; charset=utf-8') {
  return app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
}

function faultOf(body: string) {
  const reply = parseShepReply(body);
  if (reply.kind !== 'fault' || !reply.errorInfo) throw new Error(`expected a fault, got ${body}`);
  return { ...reply.errorInfo, faultcode: reply.faultcode };
}

async function goodRequestStillAnswered(): Promise<void> {
  const res = await post('/test/bip-sync-wss-gost/', echoRequest());
  expect(res.statusCode).toBe(200);
  expect(parseShepReply(res.body)).toMatchObject({ kind: 'response', responseInfo: { status: { code: 'SCSS001' } } });
}

describe('T-SHEP-1 the SOAP endpoints', () => {
  it('T-SHEP-1 answers SCSS001 on /test/bip-sync-wss-gost/ as text/xml', async () => {
    const res = await post('/test/bip-sync-wss-gost/', echoRequest({}, '<name>Қазақстан</name>'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const reply = parseShepReply(res.body);
    expect(reply.kind === 'response' && childText(reply.data, 'name')).toBe('Қазақстан');
  });

  it('T-SHEP-1 serves both paths with and without the trailing slash', async () => {
    expect((await post('/test/bip-sync-wss-gost', echoRequest())).statusCode).toBe(200);
    expect((await post('/prod/bip-sync-wss-gost', echoRequest(senderOf(TEST_SENDERS.bankProd)))).statusCode).toBe(200);
    expect((await post('/prod/bip-sync-wss-gost/', echoRequest(senderOf(TEST_SENDERS.bankProd)))).statusCode).toBe(200);
  });

  it('T-SHEP-1 accepts text/xml without charset, application/soap+xml and application/xml', async () => {
    for (const ct of [
      'text/xml',
      'application/soap+xml; charset=utf-8; action=""',
      'application/xml',
      'TEXT/XML; Charset="UTF-8"',
    ]) {
      expect((await post('/test/bip-sync-wss-gost/', echoRequest(), ct)).statusCode, ct).toBe(200);
    }
  });

  it('R12 a test credential never works on /prod, a production one never on /test', async () => {
    let res = await post('/prod/bip-sync-wss-gost/', echoRequest(senderOf(TEST_SENDERS.bankTest)));
    expect(res.statusCode).toBe(500);
    expect(faultOf(res.body).errorCode).toBe('EAUT003');
    res = await post('/test/bip-sync-wss-gost/', echoRequest(senderOf(TEST_SENDERS.bankProd)));
    expect(faultOf(res.body).errorCode).toBe('EAUT003');
  });

  it('T-SHEP-7 answers a refusal as HTTP 500 with a SOAP fault (SOAP 1.1 §6.2)', async () => {
    const res = await post(
      '/test/bip-sync-wss-gost/',
      echoRequest({ sender: { senderId: 'bank-test', password: 'wrong' } }),
    );
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(faultOf(res.body)).toMatchObject({ errorCode: 'EAUT002', faultcode: 'Client' });
  });
});

function senderOf(s: { senderId: string; password: string }) {
  return { sender: { senderId: s.senderId, password: s.password } };
}

describe('T-SHEP-6 hostile requests over HTTP', () => {
  it('T-SHEP-6 refuses a body over the limit with 413 and a SOAP fault, not a fastify JSON error', async () => {
    const res = await post('/test/bip-sync-wss-gost/', echoRequest({}, `<blob>${'A'.repeat(1024 * 1024)}</blob>`));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(faultOf(res.body)).toMatchObject({ errorCode: 'EXML004', faultcode: 'Client' });
    const [rec] = await t.runtime.journal.query({ channel: 'shep' });
    expect(rec).toMatchObject({ outcome: 'EXML004', environment: 'test' });
    await goodRequestStillAnswered();
  });

  it.each([
    ['XXE', '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>', 'EXML002'],
    [
      'billion laughs',
      `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>`,
      'EXML002',
    ],
    ['deep nesting', '<a>'.repeat(100_000) + '</a>'.repeat(100_000), 'EXML003'],
    ['malformed XML', '<soap:Envelope><unclosed>', 'EXML001'],
    ['an empty body', '', 'EXML001'],
  ])('T-SHEP-6 refuses %s with a SOAP fault and keeps answering', async (_what, body, code) => {
    const res = await post('/test/bip-sync-wss-gost/', body);
    expect(res.statusCode).toBe(500);
    expect(faultOf(res.body).errorCode).toBe(code);
    expect(res.body).not.toContain('root:');
    await goodRequestStillAnswered();
  });

  it('refuses another content type with 415 and a SOAP fault', async () => {
    const res = await post('/test/bip-sync-wss-gost/', JSON.stringify({ messageId: '1' }), 'application/json');
    expect(res.statusCode).toBe(415);
    expect(faultOf(res.body).errorCode).toBe('ETRN001');
    await goodRequestStillAnswered();
  });

  it('refuses a charset other than UTF-8 with 415', async () => {
    const res = await post('/test/bip-sync-wss-gost/', echoRequest(), 'text/xml; charset=windows-1251');
    expect(res.statusCode).toBe(415);
    expect(faultOf(res.body)).toMatchObject({
      errorCode: 'ETRN001',
      errorMessage: expect.stringContaining('windows-1251'),
    });
  });

  it('refuses a body without content type with a SOAP fault', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/test/bip-sync-wss-gost/',
      payload: echoRequest(),
      headers: { 'content-type': '' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(parseShepReply(res.body).kind).toBe('fault');
  });

  it('refuses other methods with 405, a SOAP fault and Allow', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
      const res = await app.inject({
        method,
        url: '/test/bip-sync-wss-gost/',
        payload: echoRequest(),
        headers: { 'content-type': 'text/xml' },
      });
      expect(res.statusCode, method).toBe(405);
      expect(res.headers.allow).toBe('POST, GET');
      expect(faultOf(res.body).errorCode).toBe('ETRN002');
    }
    const get = await app.inject({ method: 'GET', url: '/prod/bip-sync-wss-gost/' });
    expect(get.statusCode).toBe(405);
    expect(faultOf(get.body).errorCode).toBe('ETRN002');
    const [rec] = await t.runtime.journal.query({ environment: 'prod' });
    expect(rec).toMatchObject({ outcome: 'ETRN002' });
  });

  it('leaves the rest of the server alone: JSON still parses outside the plugin', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/json', payload: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ got: { a: 1 } });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/json',
      payload: '<a/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.headers['content-type']).toMatch(/json/);
  });

  it('answers many concurrent requests', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => post('/test/bip-sync-wss-gost/', echoRequest())),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
  });
});

describe('T-SHEP-10 the WSDL', () => {
  it('T-SHEP-10 serves the WSDL at ?wsdl with the address of the environment asked', async () => {
    for (const env of ['test', 'prod'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/${env}/bip-sync-wss-gost/?wsdl`,
        headers: { host: 'shep.local:8080' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      const wsdl = parseXml(res.body);
      expect(wsdl).toMatchObject({ name: 'definitions', ns: 'http://schemas.xmlsoap.org/wsdl/' });
      expect(attribute(wsdl, 'targetNamespace')).toBe(SYNC_INTERFACES_NS);
      const port = child(
        child(wsdl, 'service', 'http://schemas.xmlsoap.org/wsdl/'),
        'port',
        'http://schemas.xmlsoap.org/wsdl/',
      );
      const address = child(port, 'address', 'http://schemas.xmlsoap.org/wsdl/soap/');
      expect(attribute(address!, 'location')).toBe(`http://shep.local:8080/${env}/bip-sync-wss-gost/`);
      const portType = child(wsdl, 'portType', 'http://schemas.xmlsoap.org/wsdl/');
      expect(attribute(portType!, 'name')).toBe('ISyncChannel');
      expect(res.body).toContain('name="SendMessageFault1_SendMessageFault" type="common:ErrorInfo"');
    }
  });

  it('accepts ?WSDL and the path without slash, and uses publicBaseUrl when given', async () => {
    await app.close();
    app = await build({ publicBaseUrl: 'https://shep.example.kz/' });
    const res = await app.inject({ method: 'GET', url: '/prod/bip-sync-wss-gost?WSDL' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('location="https://shep.example.kz/prod/bip-sync-wss-gost/"');
  });

  it('escapes a hostile Host header in the address', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/test/bip-sync-wss-gost/?wsdl',
      headers: { host: 'evil"><x' },
    });
    expect(() => parseXml(res.body)).not.toThrow();
  });
});

describe('server options', () => {
  it('mounts on a server that ignores trailing slashes', async () => {
    await app.close();
    app = await build({ fastify: { routerOptions: { ignoreTrailingSlash: true } } });
    expect((await post('/test/bip-sync-wss-gost', echoRequest())).statusCode).toBe(200);
    expect((await post('/test/bip-sync-wss-gost/', echoRequest())).statusCode).toBe(200);
  });
});
