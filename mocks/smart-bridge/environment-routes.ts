import type { FastifyInstance } from 'fastify';
import { useProblemJson } from '../http/problem-handler.ts';
import { ProblemError } from '../problem.ts';
import type { PrincipalInput } from './api-keys.ts';
import type { SeededAccess } from './bootstrap.ts';
import type { SmartBridge } from './smart-bridge.ts';

export interface SmartBridgeEnvironmentRoutesOptions {
  bridge: SmartBridge;
  /** The seed's keys and onboarding, as the environment publishes them. */
  access: () => Promise<SeededAccess>;
}

const ISSUE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { type: 'string', enum: ['organisation', 'authority'] },
    bin: { type: 'string', pattern: '^\\d{12}$', description: 'organisation: its BIN' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: "authority: the reviewer's name" },
    label: { type: 'string', maxLength: 200 },
  },
} as const;

/**
 * The environment's side of Smart Bridge's API keys (mounted at /env/api/v1/smart-bridge): the keys are the
 * environment's to hand out, not the platform's, so they live beside the clock and the fixtures.
 * GET lists the seed's keys (derived from the seed, so listing them in clear is no more than the
 * fixtures' passwords and private keys already are); POST issues a fresh random key for any BIN or
 * reviewer, shown once — how an integrator walks clauses 4–12 with its own BIN.
 */
export async function smartBridgeEnvironmentRoutes(
  app: FastifyInstance,
  opts: SmartBridgeEnvironmentRoutesOptions,
): Promise<void> {
  useProblemJson(app);

  app.get('/api-keys', async () => opts.access());

  app.post<{ Body: { role: 'organisation' | 'authority'; bin?: string; name?: string; label?: string } }>(
    '/api-keys',
    { schema: { body: ISSUE_BODY } },
    async (req, reply) => {
      const { role, bin, name, label } = req.body;
      const principal: PrincipalInput = role === 'organisation' ? { role, bin: bin ?? '' } : { role, name: name ?? '' };
      const issued = await opts.bridge.apiKeys.issue(principal, label);
      void reply.code(201).header('Cache-Control', 'no-store');
      return issued;
    },
  );

  app.delete<{ Params: { keyId: string } }>(
    '/api-keys/:keyId',
    {
      schema: {
        summary:
          'Revokes a key (seeded or issued): it answers 401 from then on; a seeded key stays revoked across re-seeding',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['keyId'],
          properties: { keyId: { type: 'string', minLength: 1, maxLength: 64 } },
        },
      },
    },
    async (req, reply) => {
      if (!(await opts.bridge.apiKeys.revoke(req.params.keyId))) {
        throw new ProblemError(
          404,
          'not-found',
          'No such key',
          'no live key has this keyId (unknown, or revoked already)',
        );
      }
      return reply.code(204).send();
    },
  );
}
