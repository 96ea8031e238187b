import './pact-env.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PactV4, type XmlElement } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, soapContentType, soapXml, uriFormRules, uuidLike } from './soap-xml.ts';
import { SOAP11_NS, SYNC_TYPES_NS } from './wire.ts';

const EXAMPLE = '3f2b8c1e-5d4a-4e7b-9c60-1a2b3c4d5e6f';
const OTHER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

const envelope = (messageId: string) =>
  `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><ns3:SendMessage xmlns:ns3="${SYNC_TYPES_NS}">` +
  `<request xmlns=""><messageId>${messageId}</messageId></request></ns3:SendMessage></soap:Body></soap:Envelope>`;

const body = () =>
  soapXml('soap:Envelope', { 'xmlns:soap': SOAP11_NS }, (env: XmlElement) => {
    env.appendElement('soap:Body', attrs(), (b) =>
      b.appendElement('ns3:SendMessage', attrs({ 'xmlns:ns3': SYNC_TYPES_NS }), (sm) =>
        sm.appendElement('request', attrs({ xmlns: '' }), (r) =>
          r.appendElement('messageId', attrs(), uuidLike(EXAMPLE)),
        ),
      ),
    );
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdp-soap-xml-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One interaction at Pact's mock server: the request sent carries `messageId`, with `contentType`. */
async function exchange(o: { withUriRules: boolean; messageId: string; contentType?: string }): Promise<void> {
  const b = body();
  const pact = new PactV4({ consumer: 'ns-test', provider: 'ns-provider', dir, logLevel: 'error' });
  await pact
    .addInteraction()
    .uponReceiving(`a namespaced message (${o.withUriRules ? 'URI-form rules' : 'prefix rules only'})`)
    .withRequest('POST', '/soap', (r) => {
      r.headers({ 'Content-Type': soapContentType() }).xmlBody(b.body);
      if (o.withUriRules) r.matchingRules(b.rules);
    })
    .willRespondWith(200)
    .executeTest(async (server) => {
      await fetch(`${server.url}/soap`, {
        method: 'POST',
        headers: { 'content-type': o.contentType ?? 'text/xml; charset=utf-8' },
        body: envelope(o.messageId),
      });
    });
}

describe('namespaced SOAP and Pact matching rules (pact-js issue 632)', () => {
  it('T-SHEP-1 emits each matcher under its namespace-URI path', () => {
    expect(uriFormRules(JSON.parse(body().body)).map((r) => r.path)).toEqual([
      `$['${SOAP11_NS}:Envelope']['${SOAP11_NS}:Body']['${SYNC_TYPES_NS}:SendMessage'].request.messageId['#text']`,
    ]);
  });

  it('T-SHEP-1 the trap: with only the prefix-form rules XmlBuilder records, a matcher never fires', async () => {
    await expect(exchange({ withUriRules: false, messageId: OTHER })).rejects.toThrow(
      `Expected '${OTHER}' to be equal to '${EXAMPLE}'`,
    );
  });

  it('T-SHEP-1 the fix: with the URI-form rules the matcher accepts a value other than its example', async () => {
    await expect(exchange({ withUriRules: true, messageId: OTHER })).resolves.toBeUndefined();
  });

  it('T-SHEP-1 and still refuses a value its regex does not allow', async () => {
    await expect(exchange({ withUriRules: true, messageId: 'not-a-guid' })).rejects.toThrow(/not-a-guid/);
  });

  it('T-SHEP-1 the Content-Type regex matches the whole value, in both spellings, and nothing else', async () => {
    await expect(
      exchange({ withUriRules: true, messageId: OTHER, contentType: 'text/xml;charset=UTF-8' }),
    ).resolves.toBeUndefined();
    await expect(
      exchange({ withUriRules: true, messageId: OTHER, contentType: 'text/xml; charset=utf-8' }),
    ).resolves.toBeUndefined();
    await expect(
      exchange({ withUriRules: true, messageId: OTHER, contentType: 'application/soap+xml; charset=utf-8' }),
    ).rejects.toThrow(/Content-Type/i);
  });
});
