/**
 * Regenerates protocol/vectors/clients/*.xml: what two real SOAP client libraries write for
 * SendMessage when given our WSDL (vectors/wsdl/sync-channel-v10.wsdl). Run by hand after a
 * change to the WSDL or a client upgrade; the tests only read the files.
 *
 *   npx tsx protocol/vectors/generate-clients.ts
 *
 * No network: each client's HTTP request is captured before it leaves the process.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const WSDL = join(HERE, 'wsdl', 'sync-channel-v10.wsdl');

/** The same logical request for both clients: an echo-style SendMessage with one property and data. */
const ARGS = {
  request: {
    requestInfo: {
      messageId: '7d3f6b0a-8a8e-4a55-9a1e-0c1f2a3b4c5d',
      serviceId: 'KDP_CONFORMANCE_ECHO',
      messageDate: '2026-03-01T10:15:30.123+05:00',
      sender: { senderId: 'vector-sender', password: 'vector-password' },
      properties: [{ key: 'consentWay', value: 'sms' }],
    },
    requestData: { data: { $xml: '<ping>Сәлем</ping>' } },
  },
};

async function nodeSoap(): Promise<string> {
  const soap = require('soap') as typeof import('soap');
  let captured = '';
  const httpClient = {
    request(_url: string, data: unknown, callback: (err: unknown, res: unknown, body: string) => void) {
      captured = String(data);
      callback(null, { statusCode: 200, headers: {} }, '');
      return {};
    },
  };
  const client = await soap.createClientAsync(WSDL, { httpClient: httpClient as never });
  await new Promise<void>((resolve) => {
    (client as unknown as Record<string, (a: unknown, cb: () => void) => void>).SendMessage!(ARGS, () => resolve());
  });
  return captured;
}

async function strongSoap(): Promise<string> {
  const { soap } = require('strong-soap') as { soap: { createClient: Function } };
  const client = await new Promise<Record<string, Function> & { setEndpoint?: Function; httpClient?: unknown }>(
    (resolve, reject) =>
      soap.createClient(WSDL, {}, (err: unknown, c: Record<string, Function>) => (err ? reject(err) : resolve(c))),
  );
  let captured = '';
  client.httpClient = {
    request(_rurl: string, data: unknown, callback: (err: unknown, res: unknown, body: string) => void) {
      captured = String(data);
      callback(null, { statusCode: 200, headers: {} }, '');
      return {};
    },
  };
  // strong-soap has no raw-XML escape hatch ($xml becomes an element named "$xml"): data as an object.
  const args = { request: { ...ARGS.request, requestData: { data: { ping: 'Сәлем' } } } };
  await new Promise<void>((resolve) => client.SendMessage!(args, () => resolve()));
  return captured;
}

for (const [name, make] of [
  ['node-soap', nodeSoap],
  ['strong-soap', strongSoap],
] as const) {
  const xml = await make();
  writeFileSync(join(HERE, 'clients', `${name}.xml`), xml.endsWith('\n') ? xml : `${xml}\n`);
  console.log(`${name}: ${xml.length} characters`);
}
