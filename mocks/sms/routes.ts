// summary and description are OpenAPI fields: @fastify/swagger adds them to FastifySchema's type.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { useProblemJson } from '../http/problem-handler.ts';
import { ProblemError } from '../problem.ts';
import { PROBLEM_REPLIES as errorResponses } from '../http/problem-schema.ts';
import { maskUrlsInLogs } from '../http/log-masking.ts';
import {
  DEFAULT_WAIT_MS,
  MAX_TEXT_LENGTH,
  MAX_WAIT_MS,
  type SmsDirection,
  type SmsGateway,
  type SmsMessage,
} from './sms-gateway.ts';

/**
 * The virtual phone API, in the manner of Mailpit's (T-SMS-10). Mounted by the server under
 * /sms/api/v1; documented in docs/sms-and-1414.md. Every rule lives in the gateway core: the
 * routes translate JSON to calls and messages to JSON.
 */
export interface SmsRoutesOptions {
  gateway: SmsGateway;
}

/** A message as the API shows it: ISO times, no store internals (seq, fate). */
export interface SmsMessageView {
  id: string;
  phone: string;
  direction: SmsDirection;
  sender: string;
  text: string;
  lang?: string;
  sentAt: string;
  deliveredAt: string;
  duplicateOf?: string;
  inReplyTo?: string;
  ref?: Record<string, string>;
}

export function toView(m: SmsMessage): SmsMessageView {
  return {
    id: m.id,
    phone: m.phone,
    direction: m.direction,
    sender: m.sender,
    text: m.text,
    ...(m.lang ? { lang: m.lang } : {}),
    sentAt: new Date(m.sentAt).toISOString(),
    deliveredAt: new Date(m.deliverAt).toISOString(),
    ...(m.duplicateOf ? { duplicateOf: m.duplicateOf } : {}),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    ...(m.ref ? { ref: m.ref } : {}),
  };
}

const message = {
  type: 'object',
  required: ['id', 'phone', 'direction', 'sender', 'text', 'sentAt', 'deliveredAt'],
  properties: {
    id: { type: 'string' },
    phone: { type: 'string', description: '+7 and ten digits' },
    direction: { type: 'string', enum: ['to-phone', 'from-phone'] },
    sender: { type: 'string' },
    text: { type: 'string' },
    lang: { type: 'string', enum: ['kk', 'ru'] },
    sentAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: 'string', format: 'date-time' },
    duplicateOf: { type: 'string' },
    inReplyTo: { type: 'string' },
    ref: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
} as const;

const page = {
  type: 'object',
  required: ['total', 'offset', 'count', 'messages'],
  properties: {
    total: { type: 'integer' },
    offset: { type: 'integer' },
    count: { type: 'integer' },
    messages: { type: 'array', items: message },
  },
  additionalProperties: false,
} as const;

const phoneParams = {
  type: 'object',
  required: ['phone'],
  properties: {
    phone: { type: 'string', minLength: 1, maxLength: 32, description: 'a Kazakh mobile, +7XXXXXXXXXX or 8XXXXXXXXXX' },
  },
  additionalProperties: false,
} as const;

const direction = { type: 'string', enum: ['to-phone', 'from-phone'] } as const;
const paging = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
} as const;

interface PhoneParams {
  phone: string;
}
interface Paging {
  limit: number;
  offset: number;
}

/**
 * A date-time the schema let through as text, as epoch ms. ajv's date-time format admits instants a
 * Date cannot hold (a leap second, 23:59:60): those are refused here rather than read as NaN.
 */
function isoMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new ProblemError(
      400,
      'validation',
      'Invalid time',
      `${field} is not an instant this environment can represent`,
      { errors: [{ field: `querystring/${field}`, message: 'not a representable date-time' }] },
    );
  return ms;
}

export const smsRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app: FastifyInstance, { gateway }) => {
  useProblemJson(app);
  maskUrlsInLogs(app);

  // Long polls end when the server closes, instead of holding its shutdown for up to a minute.
  const polls = new Set<AbortController>();
  app.addHook('onClose', async () => {
    for (const p of polls) p.abort();
  });

  app.get(
    '/phones',
    {
      schema: {
        summary: 'Phones that have received or sent messages',
        response: {
          200: {
            type: 'object',
            required: ['phones'],
            properties: {
              phones: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['phone', 'messages', 'latestAt'],
                  properties: {
                    phone: { type: 'string' },
                    messages: { type: 'integer' },
                    latestAt: { type: 'string', format: 'date-time' },
                  },
                  additionalProperties: false,
                },
              },
            },
            additionalProperties: false,
          },
          ...errorResponses,
        },
      },
    },
    async () => ({
      phones: (await gateway.phones()).map((p) => ({ ...p, latestAt: new Date(p.latestAt).toISOString() })),
    }),
  );

  app.get<{ Params: PhoneParams; Querystring: Paging & { direction?: SmsDirection } }>(
    '/phones/:phone/messages',
    {
      schema: {
        summary: "A phone's messages, newest first",
        params: phoneParams,
        querystring: { type: 'object', properties: { ...paging, direction }, additionalProperties: false },
        response: { 200: page, ...errorResponses },
      },
    },
    async (req) => {
      const { limit, offset, direction: dir } = req.query;
      const r = await gateway.messages(req.params.phone, { limit, offset, ...(dir ? { direction: dir } : {}) });
      return { total: r.total, offset, count: r.items.length, messages: r.items.map(toView) };
    },
  );

  app.get<{ Params: PhoneParams; Querystring: { direction: SmsDirection } }>(
    '/phones/:phone/messages/latest',
    {
      schema: {
        summary: 'The newest message the phone received (or sent, with direction=from-phone)',
        params: phoneParams,
        querystring: {
          type: 'object',
          properties: { direction: { ...direction, default: 'to-phone' } },
          additionalProperties: false,
        },
        response: { 200: message, ...errorResponses },
      },
    },
    async (req) => {
      const m = await gateway.latest(req.params.phone, req.query.direction);
      if (!m) throw new ProblemError(404, 'not-found', 'Not found', 'This phone has no messages yet');
      return toView(m);
    },
  );

  app.get<{ Params: PhoneParams; Querystring: { after?: string; since?: string; timeoutMs: number } }>(
    '/phones/:phone/messages/wait',
    {
      schema: {
        summary: 'Long poll for the next message to the phone',
        description:
          'Answers 200 with the first message the phone receives after `after` (a message id) or at/after `since` ' +
          '(virtual time), or, with neither, after the newest message it shows now. Answers 204 when none arrives ' +
          `within timeoutMs of real time (default ${DEFAULT_WAIT_MS}, at most ${MAX_WAIT_MS}).`,
        params: phoneParams,
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'string', minLength: 1, maxLength: 64 },
            since: { type: 'string', format: 'date-time' },
            timeoutMs: { type: 'integer', minimum: 0, maximum: MAX_WAIT_MS, default: DEFAULT_WAIT_MS },
          },
          additionalProperties: false,
        },
        response: {
          200: message,
          204: { type: 'null', description: 'nothing arrived before the timeout' },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const abort = new AbortController();
      polls.add(abort);
      // 'close' on the response: the client went away (or the answer is out); either way stop waiting.
      reply.raw.once('close', () => abort.abort());
      try {
        const { after, since, timeoutMs } = req.query;
        const m = await gateway.waitForNext(req.params.phone, {
          timeoutMs,
          signal: abort.signal,
          ...(after !== undefined ? { after } : {}),
          ...(since !== undefined ? { since: isoMs(since, 'since') } : {}),
        });
        if (!m) return reply.status(204).send();
        return toView(m);
      } finally {
        polls.delete(abort);
      }
    },
  );

  app.post<{ Params: PhoneParams; Body: { text: string; inReplyTo?: string } }>(
    '/phones/:phone/replies',
    {
      schema: {
        summary: 'The subject answers by SMS from this phone',
        params: phoneParams,
        body: {
          type: 'object',
          required: ['text'],
          properties: {
            text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH },
            inReplyTo: { type: 'string', minLength: 1, maxLength: 64 },
          },
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            required: ['message', 'answer', 'handled', 'replies'],
            properties: {
              message,
              answer: {
                type: 'object',
                properties: {
                  decision: { type: 'string', enum: ['yes', 'no'] },
                  code: { type: 'string' },
                  ambiguous: { type: 'boolean' },
                },
                additionalProperties: false,
              },
              handled: { type: 'boolean', description: 'a service took the answer as its own' },
              replies: {
                type: 'array',
                items: { type: 'string' },
                description: 'ids of the messages sent back to the phone',
              },
            },
            additionalProperties: false,
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await gateway.reply(req.params.phone, req.body.text, req.body.inReplyTo);
      return reply.status(201).send({
        message: toView(r.message),
        answer: r.answer,
        handled: r.handled,
        replies: r.replies.map((s) => s.id),
      });
    },
  );

  app.delete<{ Params: PhoneParams }>(
    '/phones/:phone/messages',
    {
      schema: {
        summary: 'Deletes every message of the phone (delivered, delayed and lost)',
        params: phoneParams,
        response: {
          200: {
            type: 'object',
            required: ['deleted'],
            properties: { deleted: { type: 'integer' } },
            additionalProperties: false,
          },
          ...errorResponses,
        },
      },
    },
    async (req) => ({ deleted: await gateway.deleteMessages(req.params.phone) }),
  );

  app.get<{ Params: { id: string } }>(
    '/messages/:id',
    {
      schema: {
        summary: 'One message by id',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
          additionalProperties: false,
        },
        response: { 200: message, ...errorResponses },
      },
    },
    async (req) => {
      const m = await gateway.message(req.params.id);
      if (!m)
        throw new ProblemError(404, 'not-found', 'Not found', 'No message has this id (or it is not delivered yet)');
      return toView(m);
    },
  );

  app.get<{
    Querystring: Paging & { phone?: string; text?: string; from?: string; to?: string; direction?: SmsDirection };
  }>(
    '/search',
    {
      schema: {
        summary: 'Messages whose text contains a string, within a delivery-time window, newest first',
        querystring: {
          type: 'object',
          properties: {
            phone: { type: 'string', minLength: 1, maxLength: 32 },
            text: { type: 'string', minLength: 1, maxLength: 200 },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            direction,
            ...paging,
          },
          additionalProperties: false,
        },
        response: { 200: page, ...errorResponses },
      },
    },
    async (req) => {
      const { phone, text, from, to, direction: dir, limit, offset } = req.query;
      const r = await gateway.search({
        limit,
        offset,
        ...(phone !== undefined ? { phone } : {}),
        ...(text !== undefined ? { text } : {}),
        ...(from !== undefined ? { from: isoMs(from, 'from') } : {}),
        ...(to !== undefined ? { to: isoMs(to, 'to') } : {}),
        ...(dir ? { direction: dir } : {}),
      });
      return { total: r.total, offset, count: r.items.length, messages: r.items.map(toView) };
    },
  );
};
