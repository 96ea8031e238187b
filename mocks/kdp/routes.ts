// summary and description are OpenAPI fields: @fastify/swagger adds them to FastifySchema's type.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { useProblemJson } from '../http/problem-handler.ts';
import { ProblemError } from '../problem.ts';
import { maskUrlsInLogs } from '../http/log-masking.ts';
import type { RevocationRequest } from './revocation.ts';
import type { ConsentRequest, KdpState } from './state.ts';

/**
 * The state service's environment API (not part of the real state service): how a subject asks to
 * revoke without a phone (T-KDP-11), and what a harness reads as evidence. Mounted by the server
 * under /kdp/api/v1; every rule lives in KdpState.
 */
export interface KdpRoutesOptions {
  state: KdpState;
}

const revocationView = (r: RevocationRequest) => ({
  id: r.id,
  environment: r.environment,
  status: r.status,
  tokenRef: r.tokenRef,
  companyBin: r.companyBin,
  company: r.company,
  accessName: r.accessName,
  via: r.via,
  requestedAt: new Date(r.requestedAt).toISOString(),
  ...(r.decidedAt !== undefined ? { decidedAt: new Date(r.decidedAt).toISOString() } : {}),
  ...(r.reason !== undefined ? { reason: r.reason } : {}),
});

const requestView = (r: ConsentRequest) => ({
  id: r.id,
  environment: r.environment,
  status: r.status,
  way: r.way,
  companyBin: r.companyBin,
  accessName: r.accessName,
  createdAt: new Date(r.createdAt).toISOString(),
  ...(r.deadline !== null ? { deadline: new Date(r.deadline).toISOString() } : {}),
  ...(r.decidedAt !== undefined ? { decidedAt: new Date(r.decidedAt).toISOString() } : {}),
  ...(r.reason !== undefined ? { reason: r.reason } : {}),
  ...(r.ground !== undefined ? { article9Ground: r.ground } : {}),
});

const ID_PARAMS = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

const ENVIRONMENT_PARAMS = {
  type: 'object',
  additionalProperties: false,
  required: ['environment'],
  properties: { environment: { type: 'string', enum: ['test', 'prod'] } },
} as const;

export const kdpRoutes: FastifyPluginAsync<KdpRoutesOptions> = async (app: FastifyInstance, { state }) => {
  useProblemJson(app);
  maskUrlsInLogs(app);

  app.post<{ Body: { iin: string; ref: string } }>(
    '/revocations',
    {
      schema: {
        summary: 'A subject asks to revoke a consent, naming it by the reference of the approval SMS',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['iin', 'ref'],
          properties: {
            iin: { type: 'string', minLength: 1, maxLength: 12 },
            ref: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
      },
    },
    async (req, reply) => reply.status(201).send(revocationView(await state.revocations.requestByApi(req.body))),
  );

  app.get<{ Querystring: { iin: string } }>(
    '/revocations',
    {
      schema: {
        summary: "A subject's revocation requests, oldest first",
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['iin'],
          properties: { iin: { type: 'string', pattern: '^[0-9]{12}$' } },
        },
      },
    },
    async (req) => ({ revocations: (await state.revocations.ofSubject(req.query.iin)).map(revocationView) }),
  );

  // The organisation's officer deciding outside SHEP: how a harness stands in for an initiator
  // that has no revocation handling of its own (the real decision travels as KDP_SEND_SOLUTION).
  app.post<{ Params: { id: string }; Body: { solution: 'ACCEPT' | 'REJECT'; reason?: string } }>(
    '/revocations/:id/decision',
    {
      schema: {
        summary: "The organisation's officer accepts or rejects a revocation request (as KDP_SEND_SOLUTION would)",
        params: ID_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['solution'],
          properties: {
            solution: { type: 'string', enum: ['ACCEPT', 'REJECT'] },
            reason: { type: 'string', minLength: 1, maxLength: 255 },
          },
        },
      },
    },
    async (req) => {
      const r = await state.revocations.get(req.params.id);
      if (!r) throw new ProblemError(404, 'not-found', 'Not found', 'no revocation request has this id');
      if (r.status !== 'PENDING')
        throw new ProblemError(409, 'already-decided', 'Already decided', `the request was ${r.status}`);
      const decided = await state.revocations.decide({
        environment: r.environment,
        companyBin: r.companyBin,
        id: r.id,
        solution: req.body.solution,
        ...(req.body.reason ? { reason: req.body.reason } : {}),
      });
      return revocationView(decided);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/revocations/:id',
    { schema: { summary: 'A revocation request and its decision', params: ID_PARAMS } },
    async (req) => {
      const r = await state.revocations.get(req.params.id);
      if (!r) throw new ProblemError(404, 'not-found', 'Not found', 'no revocation request has this id');
      return revocationView(r);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/requests/:id',
    { schema: { summary: 'A consent request: way, status, deadline, decision', params: ID_PARAMS } },
    async (req) => {
      const r = await state.requests.get(req.params.id);
      if (!r) throw new ProblemError(404, 'not-found', 'Not found', 'no consent request has this id');
      return requestView(await state.refresh(r));
    },
  );

  app.get<{ Params: { environment: 'test' | 'prod' } }>(
    '/public-keys/:environment',
    { schema: { summary: "The state service's token key of an environment, PEM SPKI", params: ENVIRONMENT_PARAMS } },
    async (req, reply) =>
      reply.type('application/x-pem-file').send(await state.tokens.publicKeyPem(req.params.environment)),
  );

  app.post(
    '/sweep',
    { schema: { summary: 'Expires every pending request past its deadline now (after moving the clock)' } },
    async () => ({ expired: await state.sweep() }),
  );
};
