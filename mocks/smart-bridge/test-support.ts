import fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { makeBin } from '../../protocol/identifiers/bin.ts';
import { VirtualClock } from '../clock/clock.ts';
import { seededRandom } from '../random.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { FakeCredentialIssuer, InMemoryTestEvidence } from './fakes.ts';
import type { ApplicationForm } from './model.ts';
import { smartBridgeRoutes } from './routes.ts';
import { SmartBridge, type SmartBridgeDeps } from './smart-bridge.ts';

/** Shared by the Smart Bridge tests: an in-memory environment with two organisations and a reviewer. */
export const PREFIX = '/smart-bridge/api/v1';
/** Friday 20 March 2026, 10:00 in Astana: the next ten working days skip Nauryz and end on 8 April. */
export const START = Date.parse('2026-03-20T10:00:00+05:00');
export const DAY = 86_400_000;

export const BANK_BIN = makeBin({ yearMonth: '1999-04', type: 'resident', subtype: 'head', serial: 12_345 });
export const COMPANY_BIN = makeBin({ yearMonth: '2010-07', type: 'resident', subtype: 'head', serial: 777 });

export function validForm(bin: string, overrides: Partial<ApplicationForm> = {}): ApplicationForm {
  return {
    organisation: {
      bin,
      name: 'Test Bank JSC',
      kind: 'bank',
      agreementWithAuthorizedBody: false,
      connectedToSoc: false,
      proactiveServiceProvider: false,
    },
    contact: {
      fullName: 'Aigerim Sadykova',
      position: 'Head of integration',
      email: 'integration@bank.example',
      phone: '+77012345678',
    },
    informationSystem: { name: 'Retail lending platform', subjectToUnifiedRequirements: false },
    services: [
      {
        name: 'Consumer loan',
        dataServices: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
        businessProcess: 'The applicant asks for a loan; the bank checks identity and phone ownership before scoring.',
        stage: 'eligibility-check',
      },
    ],
    dataHandling: {
      storagePeriodDays: 1825,
      processingPeriodDays: 30,
      storageGrounds: [{ basis: 'law', reference: 'Law on banks, Article 50' }],
    },
    ways: ['sms', 'own-means'],
    article9Grounds: [],
    ...overrides,
  };
}

export interface Env {
  clock: VirtualClock;
  store: SqliteStore;
  bridge: SmartBridge;
  app: FastifyInstance;
  credentials: FakeCredentialIssuer;
  evidence: InMemoryTestEvidence;
  bankKey: string;
  companyKey: string;
  authorityKey: string;
  call(
    method: string,
    path: string,
    key: string | undefined,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function setup(overrides: Partial<SmartBridgeDeps> = {}): Promise<Env> {
  // Real time is injected and stands still: only advancing the virtual clock moves it.
  const clock = new VirtualClock({}, () => START);
  const store = new SqliteStore(':memory:');
  const random = seededRandom(42);
  const credentials = new FakeCredentialIssuer(random);
  const evidence = new InMemoryTestEvidence();
  const bridge = new SmartBridge({ clock, random, store, credentials, evidence, ...overrides });
  const app = fastify();
  await app.register(smartBridgeRoutes, { prefix: PREFIX, bridge });
  await app.ready();
  const bankKey = (await bridge.apiKeys.issue({ role: 'organisation', bin: BANK_BIN })).apiKey;
  const companyKey = (await bridge.apiKeys.issue({ role: 'organisation', bin: COMPANY_BIN })).apiKey;
  const authorityKey = (await bridge.apiKeys.issue({ role: 'authority', name: 'Reviewer One' })).apiKey;
  return {
    clock,
    store,
    bridge,
    app,
    credentials,
    evidence,
    bankKey,
    companyKey,
    authorityKey,
    call: (method, path, key, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url: PREFIX + path,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        ...(body === undefined
          ? {}
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? { payload: body }
            : { payload: body as object }),
      }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export function pdf(size: number): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.write('%PDF-1.7\n', 0, 'latin1');
  return b;
}

export function metadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

/** Uploads a file by tus (create, then one PATCH) and returns its id. */
export async function upload(
  env: Env,
  key: string,
  kind: string,
  bytes: Buffer,
  filetype = 'application/pdf',
  filename = `${kind}.pdf`,
): Promise<string> {
  const created = await env.call('POST', '/uploads', key, undefined, {
    'tus-resumable': '1.0.0',
    'upload-length': String(bytes.length),
    'upload-metadata': metadata({ filename, filetype, kind }),
  });
  if (created.statusCode !== 201) throw new Error(`tus create: ${created.statusCode} ${created.body}`);
  const id = String(created.headers.location).split('/').pop()!;
  const patched = await env.call('PATCH', `/uploads/${id}`, key, bytes, {
    'tus-resumable': '1.0.0',
    'upload-offset': '0',
    'content-type': 'application/offset+octet-stream',
  });
  if (patched.statusCode !== 204) throw new Error(`tus patch: ${patched.statusCode} ${patched.body}`);
  return id;
}
