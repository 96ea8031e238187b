import type { FastifyInstance } from 'fastify';
import type { FixtureSet } from '../../fixtures/types.ts';
import { fieldsAt } from '../http/fields-at.ts';
import { useProblemJson } from '../http/problem-handler.ts';
import { ProblemError } from '../problem.ts';
import { InvalidCursorError } from '../store/store.ts';
import { type Environment, parseDuration } from './environment.ts';

export interface EnvironmentRoutesOptions {
  environment: Environment;
  fixtures: FixtureSet;
  /** How the fixtures reach Smart Bridge (the seed's API keys, who is onboarded): listed with them. */
  smartBridge?: () => Promise<SeededAccessView>;
}

/** What the listing reads of Smart Bridge's seed description (smart-bridge/bootstrap.ts SeededAccess). */
interface SeededAccessView {
  organisations: readonly { bin: string; onboardedAtSeed: boolean; applications: readonly { status: string }[] }[];
}

/** Statuses in which an application holds test credentials SHEP knows. */
const HOLDS_CREDENTIALS = new Set(['approved', 'testing', 'act-under-review', 'act-accepted', 'production']);

const clockReply = {
  type: 'object',
  required: ['now', 'nowMs', 'offsetMs', 'frozen'],
  properties: {
    now: { type: 'string' },
    nowMs: { type: 'number' },
    offsetMs: { type: 'number' },
    frozen: { type: 'boolean' },
  },
} as const;

const shepFaultRule = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceId', 'errorCode', 'errorMessage'],
  properties: {
    serviceId: { type: 'string', minLength: 1, maxLength: 128 },
    errorCode: { type: 'string', minLength: 1, maxLength: 64 },
    errorMessage: { type: 'string', maxLength: 250 },
    remaining: {
      type: ['integer', 'null'],
      minimum: 0,
      default: null,
      description: 'how many more messages it hits; null or absent: until cleared',
    },
  },
} as const;

const faultSettings = {
  type: 'object',
  additionalProperties: false,
  properties: {
    shepLatencyMs: { type: 'integer', minimum: 0, maximum: 120_000 },
    shepFaults: { type: 'array', maxItems: 100, items: shepFaultRule },
    smsDelayMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
    smsLossRate: { type: 'number', minimum: 0, maximum: 1 },
    smsDuplicateRate: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

const journalQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channel: { type: 'string', maxLength: 32 },
    sender: { type: 'string', maxLength: 128 },
    service: { type: 'string', maxLength: 128 },
    environment: { type: 'string', enum: ['test', 'prod'] },
    from: { type: 'string', maxLength: 40, description: 'ISO date-time or epoch ms (virtual time)' },
    to: { type: 'string', maxLength: 40 },
    correlation: { type: 'string', maxLength: 128, description: 'the SHEP messageId, or a token jti on channel kdp' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    after: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      description: 'the cursor of the next page: the Link rel="next" (or X-Next-Cursor) of the previous answer',
    },
    offset: {
      type: 'integer',
      minimum: 0,
      maximum: 10_000,
      default: 0,
      description: 'deprecated: page with `after`, which costs the same on every page',
    },
  },
} as const;

function instant(field: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(ms))
    throw new ProblemError(
      400,
      'validation',
      'Invalid time',
      `${field} is neither an ISO date-time nor epoch milliseconds`,
      { errors: [{ field: `querystring/${field}`, message: 'invalid time' }] },
    );
  return ms;
}

/** The environment API: clock, faults, reset, fixtures, journal. Mounted under /env/api/v1. */
export async function environmentRoutes(app: FastifyInstance, opts: EnvironmentRoutesOptions): Promise<void> {
  useProblemJson(app);
  const env = opts.environment;

  // No response schema: supervisors poll this to see the server up, and its first answer should not
  // wait for the JSON serializers' compiler to load (~25 ms, lazy-schemas.ts).
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/clock', { schema: { response: { 200: clockReply } } }, async () => env.clockState());

  app.post<{ Body: { by: string | number } }>(
    '/clock/advance',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['by'],
          properties: {
            by: {
              anyOf: [
                { type: 'integer', minimum: 0, maximum: 10_000_000_000_000 },
                { type: 'string', minLength: 1, maxLength: 40 },
              ],
              description: 'ms, 90s, 15m, 2h, 10d or ISO 8601 (PT15M); virtual time stops at 2200-01-01',
            },
          },
        },
        response: { 200: clockReply },
      },
    },
    async (req) => {
      return fieldsAt('body/', () => env.advance(parseDuration(req.body.by)));
    },
  );
  app.post('/clock/freeze', { schema: { response: { 200: clockReply } } }, async () => env.freeze());
  app.post('/clock/resume', { schema: { response: { 200: clockReply } } }, async () => env.resume());

  app.get('/faults', { schema: { response: { 200: faultSettings } } }, async () => env.faults());
  app.put<{ Body: Record<string, unknown> }>(
    '/faults',
    { schema: { body: faultSettings, response: { 200: faultSettings } } },
    async (req) => env.setFaults(req.body),
  );
  app.delete('/faults', { schema: { response: { 200: faultSettings } } }, async () => env.clearFaults());

  app.post(
    '/reset',
    { schema: { response: { 200: { type: 'object', properties: { reset: { type: 'boolean' } } } } } },
    async () => {
      await env.reset();
      return { reset: true };
    },
  );

  // Fixtures are generated test data; private keys are included on purpose so that an integrator
  // can sign its own-means security tokens (R7.2) with the organisation's registered key.
  // Each organisation says whether SHEP knows its credentials now (onboarded through Smart Bridge):
  // the one left for a person to onboard has credentials in the set that SHEP does not know yet.
  const withOnboarding = async () => {
    if (!opts.smartBridge) return { organisations: opts.fixtures.organisations, smartBridge: undefined };
    const access = await opts.smartBridge();
    const onboarded = new Map(
      access.organisations.map((o) => [
        o.bin,
        o.onboardedAtSeed || o.applications.some((a) => HOLDS_CREDENTIALS.has(a.status)),
      ]),
    );
    const organisations = opts.fixtures.organisations.map((o) => ({ ...o, onboarded: onboarded.get(o.bin) ?? false }));
    return { organisations, smartBridge: access };
  };
  app.get('/fixtures', async () => {
    const { organisations, smartBridge } = await withOnboarding();
    return smartBridge ? { ...opts.fixtures, organisations, smartBridge } : opts.fixtures;
  });
  app.get('/fixtures/subjects', async () => opts.fixtures.subjects);
  app.get('/fixtures/organisations', async () => (await withOnboarding()).organisations);

  app.get<{
    Querystring: {
      channel?: string;
      sender?: string;
      service?: string;
      environment?: 'test' | 'prod';
      correlation?: string;
      from?: string;
      to?: string;
      limit: number;
      after?: string;
      offset: number;
    };
  }>('/journal', { schema: { querystring: journalQuery } }, async (req, reply) => {
    const q = req.query;
    const filter = {
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.sender ? { sender: q.sender } : {}),
      ...(q.service ? { service: q.service } : {}),
      ...(q.environment ? { environment: q.environment } : {}),
      ...(q.correlation ? { correlation: q.correlation } : {}),
      from: instant('from', q.from),
      to: instant('to', q.to),
    };
    // A page of 1000 exchanges is megabytes of JSON: the store reads it away from the request path
    // (a worker thread on a file store, slices per event-loop turn in memory) and hands over the
    // bytes of the array, sent as they are. Its readers all busy, it refuses (503, Retry-After).
    let page: Awaited<ReturnType<Environment['journal']>>;
    try {
      page = await env.journal({
        ...filter,
        limit: q.limit,
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.offset > 0 ? { offset: q.offset } : {}),
      });
    } catch (err) {
      if (!(err instanceof InvalidCursorError)) throw err;
      throw new ProblemError(400, 'validation', 'Invalid cursor', err.message, {
        errors: [{ field: 'querystring/after', message: err.message }],
      });
    }
    // The body stays a plain array (what clients read); the next page is named in headers.
    if (page.next !== undefined) {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(q))
        if (v !== undefined && k !== 'after' && k !== 'offset') next.set(k, String(v));
      next.set('after', page.next);
      reply.header('x-next-cursor', page.next);
      reply.header('link', `<${req.url.split('?')[0]}?${next.toString()}>; rel="next"`);
    }
    // A ring (an in-memory store) dropped the oldest exchanges: the journal is not complete.
    if (page.dropped > 0) reply.header('x-journal-dropped', String(page.dropped));
    return reply
      .type('application/json; charset=utf-8')
      .send(Buffer.from(page.body.buffer, page.body.byteOffset, page.body.byteLength));
  });
}
