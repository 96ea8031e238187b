/**
 * The journal as evidence at scale: a store seeded directly (through the Store, in large
 * transactions, not through SHEP) with N realistic exchanges, then the queries the checks and the
 * observation mode make. node:sqlite answers synchronously, so a query's time is also how long it
 * holds the event loop.
 */
import { JOURNAL_COLLECTION, JOURNAL_SPEC, type ExchangeRecord } from '../mocks/journal/journal.ts';
import { SqliteStore } from '../mocks/store/sqlite-store.ts';

export const SENDERS = 50;
const SERVICES = ['ECHO', 'KDP_SERVICE', 'GBDFLUniversal_token', 'MCDB_SERVICE', 'KDP_PERSONALDATA'];
const T0 = Date.UTC(2026, 0, 1);
const STEP_MS = 10;

const request = (messageId: string, sender: string, service: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns2:SendMessage xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><request><requestInfo><messageId>${messageId}</messageId><serviceId>${service}</serviceId><messageDate>2026-01-01T10:00:00.000+05:00</messageDate><sender><senderId>${sender}</senderId><password>***</password></sender></requestInfo><requestData><data><ping>bench</ping></data></requestData></request></ns2:SendMessage></soapenv:Body></soapenv:Envelope>`;
const response = (messageId: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns2:SendMessageResponse xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><response><responseInfo><messageId>${messageId}</messageId><responseDate>2026-01-01T10:00:00.001+05:00</responseDate><status><code>SCSS001</code><message>Message has been processed successfully</message></status><sessionId>{00000000-0000-4000-8000-000000000000}</sessionId></responseInfo><responseData><data><pong>bench</pong></data></responseData></response></ns2:SendMessageResponse></soapenv:Body></soapenv:Envelope>`;

export const senderOf = (i: number) => `bench-sender-${String(i % SENDERS).padStart(2, '0')}`;

/** Appends exchanges until the store's journal holds `total`; returns the seconds it took. */
export async function seedJournal(file: string, from: number, total: number): Promise<number> {
  const started = performance.now();
  const store = new SqliteStore(file);
  const journal = store.collection<ExchangeRecord>(JOURNAL_COLLECTION, JOURNAL_SPEC);
  const BATCH = 20_000;
  for (let start = from; start < total; start += BATCH) {
    await store.transaction(async () => {
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const messageId = `m-${i}`;
        const sender = senderOf(i);
        const service = SERVICES[i % SERVICES.length]!;
        const at = T0 + i * STEP_MS;
        await journal.insert(`${String(at).padStart(15, '0')}-${i}`, {
          id: `${String(at).padStart(15, '0')}-${i}`,
          channel: 'shep',
          environment: 'test',
          sender,
          service,
          correlation: messageId,
          at,
          durationMs: 1,
          request: request(messageId, sender, service),
          response: response(messageId),
          outcome: 'SCSS001',
        });
      }
    });
  }
  await store.close();
  return (performance.now() - started) / 1000;
}

export interface QueryTimes {
  /** ms: median of the runs, and the worst single run. */
  firstPage: { median: number; max: number };
  window: { median: number; max: number };
  correlation: { median: number; max: number };
  /** Every page of one sender by cursor (1000 per page): the slowest page and the last one. */
  walk: { pages: number; maxPage: number; lastPage: number };
  /** What the journal API allowed before (offset) at the deepest offset it accepts. */
  offset10k: { median: number; max: number };
}

function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  return f().then((r) => [performance.now() - t, r]);
}

async function repeat(runs: number, f: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(f))[0]);
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
}

export async function queryJournal(file: string, total: number): Promise<QueryTimes> {
  const store = new SqliteStore(file);
  const journal = store.collection<ExchangeRecord>(JOURNAL_COLLECTION, JOURNAL_SPEC);
  const sender = senderOf(7);
  const lastHour = T0 + total * STEP_MS - 3_600_000;
  const q = { where: { sender }, orderBy: 'at' as const, limit: 100 };
  const result: QueryTimes = {
    firstPage: await repeat(9, () => journal.page(q)),
    window: await repeat(9, () => journal.page({ ...q, range: { field: 'at', from: lastHour } })),
    correlation: await repeat(9, () => journal.find({ where: { correlation: `m-${Math.floor(total / 2)}` } })),
    walk: { pages: 0, maxPage: 0, lastPage: 0 },
    offset10k: await repeat(5, () => journal.find({ ...q, offset: Math.min(10_000, Math.floor(total / SENDERS)) })),
  };
  let after: string | undefined;
  do {
    const [ms, page] = await time(() => journal.page({ ...q, limit: 1000, ...(after ? { after } : {}) }));
    result.walk.pages++;
    result.walk.maxPage = Math.max(result.walk.maxPage, ms);
    result.walk.lastPage = ms;
    after = page.next;
  } while (after);
  await store.close();
  return result;
}
