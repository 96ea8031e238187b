/**
 * Driver protocol v1 (suites/driver/protocol.ts, docs/driver-protocol.md) as fastify routes: a thin
 * adapter over the access requests. Every refusal is application/problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import {
  DRIVER_PROTOCOL_VERSION,
  type AccessRequestState,
  type DescribeResponse,
  type DriverEnvironment,
  type DriverProblem,
  type EnvironmentConfig,
  type FetchResult,
  type RevocationSyncResult,
  type SigningKeyResponse,
  type StartAccessRequest,
} from '../../suites/driver/protocol.ts';
import { AccessRequestNotFound, EnvironmentNotConfigured, type AccessRequests } from './access-requests.ts';
import type { RevocationJob } from './revocations.ts';

export const PROBLEM_TYPE = 'urn:kdp-driver:problem:';

const WAYS = ['sms', 'callcenter-1414', 'own-means', 'proactive', 'notification'] as const;
const GROUNDS = ['art9-1', 'art9-2', 'art9-9', 'art9-9-2'] as const;

const environmentParams = {
  type: 'object',
  required: ['environment'],
  properties: { environment: { type: 'string', enum: ['test', 'prod'] } },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

const environmentConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['shepUrl', 'senderId', 'password'],
  properties: {
    shepUrl: { type: 'string', pattern: '^https?://', maxLength: 2000 },
    senderId: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const startAccessRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['environment', 'iin', 'way', 'dataService', 'purpose', 'lifetime'],
  properties: {
    environment: { type: 'string', enum: ['test', 'prod'] },
    iin: { type: 'string', pattern: '^[0-9]{12}$' },
    way: { type: 'string', enum: WAYS },
    dataService: { type: 'string', pattern: '^[A-Za-z0-9_]{1,64}$' },
    purpose: { type: 'string', minLength: 1, maxLength: 255 },
    lifetime: { type: 'integer', minimum: 1, maximum: 157_680_000 },
    article9Ground: { type: 'string', enum: GROUNDS },
  },
} as const;

const accessRequestState = {
  type: 'object',
  required: ['id', 'phase', 'tokenHeld'],
  properties: {
    id: { type: 'string' },
    phase: { type: 'string' },
    requestId: { type: 'string' },
    tokenHeld: { type: 'boolean' },
    reason: { type: 'string' },
    errorCode: { type: 'string' },
  },
} as const;

export interface DriverRoutesOptions {
  describe: DescribeResponse;
  signingKey: SigningKeyResponse;
  requests: AccessRequests;
  revocations: RevocationJob;
  configure: (environment: DriverEnvironment, config: EnvironmentConfig) => void;
}

export async function driverRoutes(app: FastifyInstance, o: DriverRoutesOptions): Promise<void> {
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.validation) return problem(reply, 400, 'invalid-request', 'The request is invalid', err.message);
    if (err instanceof AccessRequestNotFound)
      return problem(reply, 404, 'not-found', 'No such access request', err.message);
    if (err instanceof EnvironmentNotConfigured) {
      return problem(reply, 409, 'environment-not-configured', 'The environment is not configured', err.message);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    return problem(
      reply,
      status,
      status === 500 ? 'internal' : 'bad-request',
      status === 500 ? 'Internal error' : err.message,
    );
  });
  app.setNotFoundHandler((req, reply) =>
    problem(
      reply,
      404,
      'not-found',
      'Not found',
      `${req.method} ${req.url.split('?')[0]} is not part of ${DRIVER_PROTOCOL_VERSION}`,
    ),
  );

  app.get('/describe', async (): Promise<DescribeResponse> => o.describe);

  app.put<{ Params: { environment: DriverEnvironment }; Body: EnvironmentConfig }>(
    '/environments/:environment',
    { schema: { params: environmentParams, body: environmentConfig } },
    async (req, reply) => {
      o.configure(req.params.environment, req.body);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: StartAccessRequest }>(
    '/access-requests',
    { schema: { body: startAccessRequest, response: { 202: accessRequestState } } },
    async (req, reply): Promise<AccessRequestState> => {
      const { way, article9Ground } = req.body;
      // The user of the system picks the ground; the system does not send a request it knows is wrong.
      if (way === 'notification' && !article9Ground) {
        return problem(reply, 400, 'invalid-request', 'The request is invalid', 'notification needs article9Ground');
      }
      if (way !== 'notification' && article9Ground) {
        return problem(
          reply,
          400,
          'invalid-request',
          'The request is invalid',
          'article9Ground is only for notification',
        );
      }
      const state = await o.requests.start(req.body);
      return reply.code(202).send(state);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/access-requests/:id',
    { schema: { params: idParams, response: { 200: accessRequestState } } },
    async (req): Promise<AccessRequestState> => o.requests.state(req.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/access-requests/:id/fetch',
    { schema: { params: idParams } },
    async (req): Promise<FetchResult> => o.requests.fetch(req.params.id),
  );

  app.get('/signing-key', async (): Promise<SigningKeyResponse> => o.signingKey);

  app.post('/revocations/sync', async (): Promise<RevocationSyncResult> => o.revocations.run());

  app.post('/reset', async (_req, reply) => {
    o.requests.reset();
    return reply.code(204).send();
  });
}

function problem(reply: FastifyReply, status: number, slug: string, title: string, detail?: string): FastifyReply {
  const body: DriverProblem = { type: PROBLEM_TYPE + slug, title, status, ...(detail ? { detail } : {}) };
  return reply.code(status).type('application/problem+json').send(body);
}
