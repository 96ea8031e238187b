/**
 * The reference initiator: a small initiator service that conforms to the Rules and the profile,
 * driven through driver protocol v1. It talks to SHEP through node-soap and its own templates,
 * never through the project's codecs (it imports nothing from mocks/, protocol/ or fixtures/), so
 * that the harness and the mocks cannot share a mistake with it.
 */
import Fastify from 'fastify';
import type { JWK } from 'jose';
import {
  DRIVER_PROTOCOL_VERSION,
  type DescribeResponse,
  type DriverEnvironment,
  type EnvironmentConfig,
} from '../../suites/driver/protocol.ts';
import { AccessRequests, DEFAULT_POLLING, EnvironmentNotConfigured, type PollingPolicy } from './access-requests.ts';
import { validateDefects } from './defects.ts';
import { driverRoutes } from './driver-routes.ts';
import { generateSigningKey, OvtSigner, publicJwkOf, type SigningKey } from './ovt-signer.ts';
import { RevocationJob } from './revocations.ts';
import { DEFAULT_RETRY, ShepClient, type RetryPolicy } from './shep-client.ts';

export const DRIVER_BASE_PATH = '/kdp-driver/v1';
export const SYSTEM = { name: 'kdp-conformance reference initiator', version: '1.0.0' } as const;
export const DATA_SERVICES = ['GBDFLUniversal_token', 'MCDB_SERVICE'];

export interface ReferenceInitiatorOptions {
  port?: number;
  host?: string;
  organisation: { bin: string; name: string };
  signingKey?: { privateJwk: JWK; publicJwk: JWK; kid: string; alg: 'RS256' | 'ES256' };
  defects?: readonly string[];
  /** The initiator's clock (default Date.now): messageDate, ovt claims, token expiry. */
  now?: () => number;
  /** Back-off of the polls for a pending decision. */
  polling?: Partial<PollingPolicy>;
  /** Retries of a transient SOAP fault. */
  retry?: Partial<RetryPolicy>;
  /** How often the revocation job runs on its own (default 5 min; 0: only on demand). */
  revocationSyncMs?: number;
  /** false: no revocation feature (not in describe, no job), as a system that leaves it to an officer. */
  revocation?: boolean;
}

export interface ReferenceInitiator {
  driverUrl: string;
  close(): Promise<void>;
}

export async function startReferenceInitiator(options: ReferenceInitiatorOptions): Promise<ReferenceInitiator> {
  const defects = new Set(validateDefects(options.defects ?? []));
  const now = options.now ?? Date.now;
  const newId = () => crypto.randomUUID();
  const key: SigningKey = options.signingKey ?? (await generateSigningKey());
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const gateways = new Map<DriverEnvironment, ShepClient>();
  const configs = new Map<DriverEnvironment, EnvironmentConfig>();
  const requests = new AccessRequests({
    organisation: options.organisation,
    gateway: (environment) => {
      const g = gateways.get(environment);
      if (!g) throw new EnvironmentNotConfigured(environment);
      return g;
    },
    signer: new OvtSigner(key, { now, newId, defects }),
    now,
    newId,
    schedule: (fn, ms) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
      return () => {
        clearTimeout(t);
        timers.delete(t);
      };
    },
    polling: { ...DEFAULT_POLLING, ...options.polling },
    defects,
  });

  const revocations = new RevocationJob({
    organisation: options.organisation,
    gateways: () => [...gateways.entries()],
    dropTokens: (environment, iin, dataService) => requests.dropTokens(environment, iin, dataService),
  });
  const withRevocation = options.revocation ?? true;
  const every = withRevocation ? (options.revocationSyncMs ?? 300_000) : 0;
  let closed = false;
  const scheduleRevocations = (): void => {
    if (every <= 0 || closed) return;
    const t = setTimeout(() => {
      timers.delete(t);
      void revocations.run().finally(scheduleRevocations);
    }, every);
    t.unref();
    timers.add(t);
  };
  scheduleRevocations();

  const describe: DescribeResponse = {
    protocol: DRIVER_PROTOCOL_VERSION,
    system: { ...SYSTEM },
    organisation: { ...options.organisation },
    ways: ['sms', 'callcenter-1414', 'own-means', 'proactive', 'notification'],
    dataServices: [...DATA_SERVICES],
    ...(withRevocation ? { features: ['revocation'] } : {}),
  };

  const app = Fastify({ logger: false });
  // A bodiless POST /reset sent as JSON is still a reset.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('The body is not JSON'), { statusCode: 400 }), undefined);
    }
  });
  await app.register(driverRoutes, {
    prefix: DRIVER_BASE_PATH,
    describe,
    signingKey: { jwk: publicJwkOf(key) },
    requests,
    revocations,
    configure: (environment: DriverEnvironment, config: EnvironmentConfig) => {
      configs.set(environment, config);
      let endpoint = config;
      // DEFECT test-credential-in-production: one credential setting serves both environments.
      const test = configs.get('test');
      if (defects.has('test-credential-in-production') && environment === 'prod' && test)
        endpoint = { ...config, senderId: test.senderId, password: test.password };
      gateways.set(environment, new ShepClient(endpoint, { now, newId, sleep, retry, defects }));
    },
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });

  return {
    driverUrl: `${address}${DRIVER_BASE_PATH}`,
    async close() {
      closed = true;
      requests.reset();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await app.close();
    },
  };
}
