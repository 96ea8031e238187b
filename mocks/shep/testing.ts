import { VirtualClock } from '../clock/clock.ts';
import { FaultPlan } from '../environment/faults.ts';
import { ExchangeJournal } from '../journal/journal.ts';
import { seededRandom } from '../random.ts';
import type { Runtime } from '../runtime.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { StoreCredentialRegistry } from './credentials.ts';
import { ECHO_SERVICE } from './echo-service.ts';
import { buildSendMessageRequest, type SendMessageRequestInput } from '../../protocol/shep/envelope.ts';
import { ShepGateway, type ShepGatewayOptions } from './soap.ts';

/**
 * A gateway on an in-memory store, a frozen virtual clock and seeded randomness, with the echo
 * service and two senders registered: for this folder's tests and for other modules' tests that
 * need a gateway in front of their service.
 */
export const TEST_SENDERS = Object.freeze({
  bankTest: { environment: 'test', senderId: 'bank-test', password: 'test-secret' },
  bankProd: { environment: 'prod', senderId: 'bank-prod', password: 'prod-secret' },
  otherTest: { environment: 'test', senderId: 'other-test', password: 'other-secret' },
  /** The same senderId in both environments, with different passwords. */
  twinTest: { environment: 'test', senderId: 'twin', password: 'twin-test' },
  twinProd: { environment: 'prod', senderId: 'twin', password: 'twin-prod' },
} as const);

/** 2025-06-23T12:40:34.477+06:00 = 2025-06-23T11:40:34.477+05:00 */
export const TEST_EPOCH_MS = Date.UTC(2025, 5, 23, 6, 40, 34, 477);

export interface TestGateway {
  gateway: ShepGateway;
  runtime: Runtime;
  clock: VirtualClock;
  faults: FaultPlan;
  credentials: StoreCredentialRegistry;
  store: SqliteStore;
  /** Waits asked for through injected latency (the gateway does not really wait). */
  slept: number[];
  close(): Promise<void>;
}

export async function createTestGateway(
  options: Partial<Omit<ShepGatewayOptions, 'runtime' | 'faults' | 'credentials'>> = {},
): Promise<TestGateway> {
  const store = new SqliteStore(':memory:');
  const clock = new VirtualClock({ frozenAtMs: TEST_EPOCH_MS });
  const random = seededRandom(236);
  const journal = new ExchangeJournal(store, clock, () => random.uuid());
  const runtime: Runtime = { clock, random, store, journal };
  const faults = new FaultPlan(random);
  const credentials = new StoreCredentialRegistry(store, { random, clock });
  for (const grant of Object.values(TEST_SENDERS)) await credentials.register(grant);
  const slept: number[] = [];
  const gateway = new ShepGateway({
    runtime,
    faults,
    credentials,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  gateway.register(ECHO_SERVICE);
  return { gateway, runtime, clock, faults, credentials, store, slept, close: () => store.close() };
}

let counter = 0;

/** A valid echo request from bank-test unless told otherwise; a fresh messageId each call. */
export function echoRequest(
  overrides: Partial<SendMessageRequestInput['requestInfo']> = {},
  dataXml = '<ping>1</ping>',
): string {
  counter++;
  return buildSendMessageRequest({
    requestInfo: {
      messageId: `msg-${counter}`,
      serviceId: 'KDP_CONFORMANCE_ECHO',
      messageDate: '2025-06-23T12:40:34.477+06:00',
      sender: { senderId: TEST_SENDERS.bankTest.senderId, password: TEST_SENDERS.bankTest.password },
      ...overrides,
    },
    dataXml,
  });
}
