// summary and description are OpenAPI fields: @fastify/swagger adds them to FastifySchema's type.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { useProblemJson } from '../http/problem-handler.ts';
import { ProblemError } from '../problem.ts';
import { PROBLEM_REPLIES as errorResponses } from '../http/problem-schema.ts';
import { maskUrlsInLogs } from '../http/log-masking.ts';
import type { CallCenter, CallListQuery, CallRequest, CallRequester, CallState } from './call-center.ts';

/**
 * The 1414 operator console API (T-1414-1…6). Mounted by the server under /1414/api/v1;
 * documented in docs/sms-and-1414.md. The rules live in the CallCenter core.
 */
export interface CallCenterRoutesOptions {
  callCenter: CallCenter;
}

export interface CallRequestView {
  id: string;
  subjectIin: string;
  phone: string;
  requester: CallRequester;
  data: string;
  ref: Record<string, string>;
  state: CallState;
  enqueuedAt: string;
  expiresAt: string;
  operatorId?: string;
  takenAt?: string;
  decision?: { outcome: string; operatorId?: string; note?: string; at: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toView(r: CallRequest): CallRequestView {
  return {
    id: r.id,
    subjectIin: r.subjectIin,
    phone: r.phone,
    requester: r.requester,
    data: r.data,
    ref: r.ref,
    state: r.state,
    enqueuedAt: iso(r.enqueuedAt),
    expiresAt: iso(r.expiresAt),
    ...(r.operatorId !== undefined ? { operatorId: r.operatorId } : {}),
    ...(r.takenAt !== undefined ? { takenAt: iso(r.takenAt) } : {}),
    ...(r.decision ? { decision: { ...r.decision, at: iso(r.decision.at) } } : {}),
  };
}

const STATES = ['waiting', 'in-call', 'confirmed', 'refused', 'expired'] as const;

const requester = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 500 },
    bin: { type: 'string', pattern: '^[0-9]{12}$' },
  },
  additionalProperties: false,
} as const;

const ref = { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, maxProperties: 20 } as const;

const callRequest = {
  type: 'object',
  required: ['id', 'subjectIin', 'phone', 'requester', 'data', 'ref', 'state', 'enqueuedAt', 'expiresAt'],
  properties: {
    id: { type: 'string' },
    subjectIin: { type: 'string' },
    phone: { type: 'string' },
    requester,
    data: { type: 'string' },
    ref,
    state: { type: 'string', enum: STATES },
    enqueuedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    operatorId: { type: 'string' },
    takenAt: { type: 'string', format: 'date-time' },
    decision: {
      type: 'object',
      required: ['outcome', 'at'],
      properties: {
        outcome: { type: 'string', enum: ['confirmed', 'refused', 'expired'] },
        operatorId: { type: 'string' },
        note: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  additionalProperties: false,
} as const;

const operatorId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const operatorBody = {
  type: 'object',
  required: ['operatorId'],
  properties: { operatorId },
  additionalProperties: false,
} as const;
const decisionBody = {
  type: 'object',
  required: ['operatorId'],
  properties: { operatorId, note: { type: 'string', maxLength: 2000 } },
  additionalProperties: false,
} as const;

interface IdParams {
  id: string;
}

export const callCenterRoutes: FastifyPluginAsync<CallCenterRoutesOptions> = async (
  app: FastifyInstance,
  { callCenter },
) => {
  useProblemJson(app);
  maskUrlsInLogs(app);

  app.post<{
    Body: {
      subjectIin: string;
      phone: string;
      requester: CallRequester;
      data: string;
      ref?: Record<string, string>;
      expiresAt?: string;
    };
  }>(
    '/requests',
    {
      schema: {
        summary: 'Puts a consent request in the queue for a call',
        description:
          'The state service does this itself for way 1; the route lets a harness or a person fill the queue.',
        body: {
          type: 'object',
          required: ['subjectIin', 'phone', 'requester', 'data'],
          properties: {
            subjectIin: { type: 'string', pattern: '^[0-9]{12}$' },
            phone: { type: 'string', minLength: 1, maxLength: 32 },
            requester,
            data: { type: 'string', minLength: 1, maxLength: 500 },
            ref,
            expiresAt: { type: 'string', format: 'date-time' },
          },
          additionalProperties: false,
        },
        response: { 201: callRequest, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { expiresAt, ref: r, ...rest } = req.body;
      const created = await callCenter.enqueue({
        ...rest,
        ...(r ? { ref: r } : {}),
        ...(expiresAt !== undefined ? { expiresAt: Date.parse(expiresAt) } : {}),
      });
      return reply.status(201).send(toView(created));
    },
  );

  app.get<{
    Querystring: {
      state: NonNullable<CallListQuery['state']>;
      subjectIin?: string;
      phone?: string;
      operatorId?: string;
      limit: number;
      offset: number;
    };
  }>(
    '/requests',
    {
      schema: {
        summary: 'The queue, oldest first',
        description: "state: 'pending' (default) is waiting or in a call; 'any' is every state.",
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: ['pending', 'any', ...STATES], default: 'pending' },
            subjectIin: { type: 'string', pattern: '^[0-9]{12}$' },
            phone: { type: 'string', minLength: 1, maxLength: 32 },
            operatorId,
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['total', 'offset', 'count', 'requests'],
            properties: {
              total: { type: 'integer' },
              offset: { type: 'integer' },
              count: { type: 'integer' },
              requests: { type: 'array', items: callRequest },
            },
            additionalProperties: false,
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const r = await callCenter.list(req.query);
      return { total: r.total, offset: req.query.offset, count: r.items.length, requests: r.items.map(toView) };
    },
  );

  app.get<{ Params: IdParams }>(
    '/requests/:id',
    { schema: { summary: 'One request', params: idParams, response: { 200: callRequest, ...errorResponses } } },
    async (req) => {
      const r = await callCenter.get(req.params.id);
      if (!r) throw new ProblemError(404, 'not-found', 'Not found', 'No 1414 request has this id');
      return toView(r);
    },
  );

  app.post<{ Body: { operatorId: string } }>(
    '/queue/next',
    {
      schema: {
        summary: 'Takes the oldest waiting request for a call',
        body: operatorBody,
        response: { 200: callRequest, 204: { type: 'null', description: 'the queue is empty' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await callCenter.takeNext(req.body.operatorId);
      return r ? toView(r) : reply.status(204).send();
    },
  );

  app.post<{ Params: IdParams; Body: { operatorId: string } }>(
    '/requests/:id/take',
    {
      schema: {
        summary: 'Takes this request for a call',
        params: idParams,
        body: operatorBody,
        response: { 200: callRequest, ...errorResponses },
      },
    },
    async (req) => toView(await callCenter.take(req.params.id, req.body.operatorId)),
  );

  app.post<{ Params: IdParams; Body: { operatorId: string } }>(
    '/requests/:id/release',
    {
      schema: {
        summary: 'Puts a taken request back in the queue',
        params: idParams,
        body: operatorBody,
        response: { 200: callRequest, ...errorResponses },
      },
    },
    async (req) => toView(await callCenter.release(req.params.id, req.body.operatorId)),
  );

  app.post<{ Params: IdParams; Body: { operatorId: string; note?: string } }>(
    '/requests/:id/confirm',
    {
      schema: {
        summary: "Confirms on the subject's behalf after the call",
        params: idParams,
        body: decisionBody,
        response: { 200: callRequest, ...errorResponses },
      },
    },
    async (req) => toView(await callCenter.confirm(req.params.id, req.body)),
  );

  app.post<{ Params: IdParams; Body: { operatorId: string; note?: string } }>(
    '/requests/:id/refuse',
    {
      schema: {
        summary: "Refuses on the subject's behalf after the call",
        params: idParams,
        body: decisionBody,
        response: { 200: callRequest, ...errorResponses },
      },
    },
    async (req) => toView(await callCenter.refuse(req.params.id, req.body)),
  );
};
