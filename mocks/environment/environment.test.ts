import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { ExchangeJournal } from '../journal/journal.ts';
import { seededRandom } from '../random.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { Environment, parseDuration } from './environment.ts';
import { EnvironmentError } from './errors.ts';
import { FaultPlan } from './faults.ts';
import { environmentRoutes } from './routes.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function build(store: Store, real: () => number = () => 1_000_000) {
  const clock = new VirtualClock({}, real);
  const random = seededRandom(1);
  const journal = new ExchangeJournal(store, clock, random.uuid);
  let seeded = 0;
  const env = new Environment({
    store,
    clock,
    faults: new FaultPlan(random),
    journal,
    seed: async () => void seeded++,
  });
  return { env, clock, journal, seeded: () => seeded };
}

describe('parseDuration', () => {
  it.each([
    [1500, 1500],
    ['1500', 1500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['10d', 864_000_000],
    ['PT15M', 900_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 1_209_600_000],
  ])('%s is %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['', 'P', 'PT', '15 minutes', '-5s', 'abc'])('refuses %j', (input) =>
    expect(() => parseDuration(input)).toThrow(EnvironmentError),
  );
});

describe('Environment', () => {
  it('T-ENV-3 keeps virtual time across a restart, so an expired code stays expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-env-'));
    dirs.push(dir);
    const file = join(dir, 'env.db');
    const first = build(new SqliteStore(file));
    await first.env.open();
    await first.env.advance(3_600_000);
    const storeA = (first.env as unknown as { opts: { store: Store } }).opts.store;
    await storeA.close();

    const second = build(new SqliteStore(file));
    await second.env.open();
    expect(second.clock.nowMs()).toBe(1_000_000 + 3_600_000);
  });

  it('T-ENV-5 runs concurrent resets one after the other, never two seeds over one emptied store', async () => {
    const store = new SqliteStore(':memory:');
    const clock = new VirtualClock({}, () => 0);
    const random = seededRandom(1);
    let running = 0;
    let most = 0;
    let seeds = 0;
    const env = new Environment({
      store,
      clock,
      faults: new FaultPlan(random),
      journal: new ExchangeJournal(store, clock, random.uuid),
      seed: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        seeds++;
        running--;
      },
    });
    await env.open();
    await Promise.all([env.reset(), env.reset(), env.reset()]);
    expect(seeds).toBe(3);
    expect(most).toBe(1);
  });

  it('T-ENV-5 reset forgets the journal, clears faults, returns to real time and re-seeds', async () => {
    const store = new SqliteStore(':memory:');
    const { env, clock, journal, seeded } = build(store);
    await env.open();
    await journal.record({ channel: 'shep', durationMs: 1, request: '<a/>', response: '<b/>', outcome: 'SCSS001' });
    env.setFaults({ shepLatencyMs: 50 });
    await env.advance(10_000);
    await env.reset();
    expect(await journal.query()).toEqual([]);
    expect(env.faults().shepLatencyMs).toBe(0);
    expect(clock.nowMs()).toBe(1_000_000);
    expect(seeded()).toBe(1);
  });
});

describe('environment routes', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const st of stores.splice(0)) await st.close();
  });

  /** ':memory:' reads the journal in slices on the main thread; a file, in a worker thread. */
  async function app(where: 'memory' | 'file' = 'memory', reads?: ConstructorParameters<typeof SqliteStore>[2]) {
    let db = ':memory:';
    if (where === 'file') {
      const dir = mkdtempSync(join(tmpdir(), 'kdp-env-'));
      dirs.push(dir);
      db = join(dir, 'env.db');
    }
    const store = new SqliteStore(db, 'process', reads);
    stores.push(store);
    const parts = build(store);
    await parts.env.open();
    const a = Fastify();
    await a.register(environmentRoutes, {
      prefix: '/env/api/v1',
      environment: parts.env,
      fixtures: { seed: 1, subjects: [], organisations: [] },
    });
    return { a, ...parts };
  }

  it('advances the clock by a human duration', async () => {
    const { a, clock } = await app();
    const r = await a.inject({ method: 'POST', url: '/env/api/v1/clock/advance', payload: { by: '15m' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().nowMs).toBe(1_000_000 + 900_000);
    expect(clock.nowMs()).toBe(1_900_000);
  });

  it('answers a bad duration with problem+json naming the field', async () => {
    const { a } = await app();
    const r = await a.inject({ method: 'POST', url: '/env/api/v1/clock/advance', payload: { by: 'soon' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json().errors).toEqual([{ field: 'body/by', message: expect.stringContaining('not a duration') }]);
  });

  it('T-ENV-4 refuses an advance the schema lets through but time cannot take, and keeps its time', async () => {
    const { a, clock } = await app();
    for (const by of [9e12, '99999999999999999999', 'P99999W']) {
      const r = await a.inject({ method: 'POST', url: '/env/api/v1/clock/advance', payload: { by } });
      expect(r.statusCode, String(by)).toBe(400);
      expect(r.json().errors[0].field).toBe('body/by');
    }
    expect(clock.nowMs()).toBe(1_000_000);
    expect((await a.inject({ url: '/env/api/v1/clock' })).statusCode).toBe(200);
  });

  it('answers malformed JSON with problem+json and keeps serving', async () => {
    const { a } = await app();
    const r = await a.inject({
      method: 'PUT',
      url: '/env/api/v1/faults',
      headers: { 'content-type': 'application/json' },
      payload: '{"shepLatencyMs": ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await a.inject({ method: 'GET', url: '/env/api/v1/health' })).statusCode).toBe(200);
  });

  it('validates fault settings against the schema with field-level errors', async () => {
    const { a } = await app();
    const bad = await a.inject({ method: 'PUT', url: '/env/api/v1/faults', payload: { smsLossRate: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body/smsLossRate');
    const good = await a.inject({
      method: 'PUT',
      url: '/env/api/v1/faults',
      payload: {
        smsLossRate: 0.5,
        shepFaults: [{ serviceId: 'KDP_SERVICE', errorCode: 'E1', errorMessage: 'down', remaining: 1 }],
      },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().smsLossRate).toBe(0.5);
    expect((await a.inject({ method: 'DELETE', url: '/env/api/v1/faults' })).json().shepFaults).toEqual([]);
  });

  it.each(['memory', 'file'] as const)('filters the journal by sender, service and time (%s store)', async (where) => {
    const { a, journal, clock } = await app(where);
    await journal.record({
      channel: 'shep',
      sender: 'A',
      service: 'X',
      durationMs: 1,
      request: '',
      response: '',
      outcome: 'SCSS001',
    });
    clock.advance(5_000);
    await journal.record({
      channel: 'shep',
      sender: 'B',
      service: 'X',
      durationMs: 1,
      request: '',
      response: '',
      outcome: 'SCSS001',
    });
    await journal.record({
      channel: 'sms',
      sender: 'B',
      service: 'Y',
      durationMs: 1,
      request: '',
      response: '',
      outcome: 'delivered',
    });
    const bySender = await a.inject({ url: '/env/api/v1/journal?sender=B' });
    expect(bySender.json()).toHaveLength(2);
    const byService = await a.inject({ url: '/env/api/v1/journal?service=X&from=' + (1_000_000 + 1) });
    expect(byService.json().map((r: { sender: string }) => r.sender)).toEqual(['B']);
    const badTime = await a.inject({ url: '/env/api/v1/journal?from=yesterday' });
    expect(badTime.statusCode).toBe(400);
  });

  it.each(['memory', 'file'] as const)(
    'pages the journal with a cursor named in Link and X-Next-Cursor, and refuses a forged one (%s store)',
    async (where) => {
      const { a, journal, clock } = await app(where);
      for (let i = 0; i < 5; i++) {
        await journal.record({
          channel: 'shep',
          sender: 'P',
          correlation: `m-${i}`,
          durationMs: 1,
          request: String(i),
          response: '',
          outcome: 'SCSS001',
        });
        clock.advance(1_000);
      }
      const seen: string[] = [];
      let url: string | undefined = '/env/api/v1/journal?sender=P&limit=2';
      let pages = 0;
      while (url) {
        const r = await a.inject({ url });
        expect(r.statusCode).toBe(200);
        seen.push(...r.json().map((x: { request: string }) => x.request));
        const link = r.headers.link as string | undefined;
        if (link) expect(r.headers['x-next-cursor']).toBeTruthy();
        url = link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
        pages++;
      }
      expect(seen).toEqual(['0', '1', '2', '3', '4']);
      expect(pages).toBe(3);
      const byCorrelation = await a.inject({ url: '/env/api/v1/journal?correlation=m-3' });
      expect(byCorrelation.json().map((x: { request: string }) => x.request)).toEqual(['3']);
      const forged = await a.inject({ url: '/env/api/v1/journal?after=bm90LWEtY3Vyc29y' });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().errors[0].field).toBe('querystring/after');
    },
  );

  it.each(['memory', 'file'] as const)(
    'answers a page larger than one slice whole, in order, with the cursor after its last exchange (%s store)',
    async (where) => {
      const { a, journal } = await app(where);
      for (let i = 0; i < 250; i++)
        await journal.record({ channel: 'sms', durationMs: 0, request: String(i), response: '', outcome: 'x' });
      const first = await a.inject({ url: '/env/api/v1/journal?channel=sms&limit=230' });
      expect(first.json().map((x: { request: string }) => Number(x.request))).toEqual([...Array(230).keys()]);
      const rest = await a.inject({
        url: `/env/api/v1/journal?channel=sms&limit=230&after=${first.headers['x-next-cursor']}`,
      });
      expect(rest.json().map((x: { request: string }) => Number(x.request))).toEqual(
        [...Array(20).keys()].map((i) => 230 + i),
      );
      expect(rest.headers.link).toBeUndefined();
    },
  );

  it('ends a cursor page early past the byte cap, and its Link leads on to every exchange once', async () => {
    const { a, journal } = await app('file', { maxPageBytes: 1000 });
    for (let i = 0; i < 12; i++)
      await journal.record({
        channel: 'sms',
        durationMs: 0,
        request: 'x'.repeat(200),
        response: String(i),
        outcome: 'x',
      });
    const seen: string[] = [];
    let url: string | undefined = '/env/api/v1/journal?channel=sms&limit=12';
    let pages = 0;
    while (url) {
      const r = await a.inject({ url });
      expect(r.statusCode).toBe(200);
      expect(r.rawPayload.length).toBeLessThanOrEqual(1000);
      seen.push(...r.json().map((x: { response: string }) => x.response));
      const link = r.headers.link as string | undefined;
      url = link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
      pages++;
    }
    expect(seen).toEqual([...Array(12).keys()].map(String));
    expect(pages).toBeGreaterThan(2);
  });

  it('answers 503 with Retry-After when every journal reader is busy and the queue is full', async () => {
    const { a, journal } = await app('file', { workers: 1, queue: 0 });
    for (let i = 0; i < 3; i++)
      await journal.record({ channel: 'sms', durationMs: 0, request: String(i), response: '', outcome: 'x' });
    const [one, two] = await Promise.all([
      a.inject({ url: '/env/api/v1/journal?channel=sms' }),
      a.inject({ url: '/env/api/v1/journal?channel=sms' }),
    ]);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toHaveLength(3);
    expect(two.statusCode).toBe(503);
    expect(two.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(two.headers['retry-after']).toBe('1');
    expect(two.json()).toMatchObject({ type: expect.stringMatching(/busy$/), retryAfterSeconds: 1 });
    // Busy is momentary: the next read is served.
    expect((await a.inject({ url: '/env/api/v1/journal?channel=sms' })).json()).toHaveLength(3);
  });

  it('answers an unknown route with problem+json', async () => {
    const { a } = await app();
    const r = await a.inject({ url: '/env/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json().type).toMatch(/not-found/);
  });
});
