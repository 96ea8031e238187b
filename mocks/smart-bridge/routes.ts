import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { useProblemJson } from '../http/problem-handler.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { ListQuery } from './applications.ts';
import { fieldsAt } from '../http/fields-at.ts';
import { useBearerAuth } from './http-auth.ts';
import type { ApplicationForm, ApprovedScope, Reason, TestingActContent } from './model.ts';
import {
  applicationViewSchema,
  approveSchema,
  ATTACH_BODY,
  CALENDAR_PARAMS,
  CALENDAR_VIEW,
  COMMENT_BODY,
  credentialViewSchema,
  DEADLINE_QUERY,
  DEADLINE_VIEW,
  ENV_PARAMS,
  formSchema,
  HISTORY_VIEW,
  ID_PARAMS,
  KEY_BODY,
  LIST_QUERY,
  PRINCIPAL_VIEW,
  PROBLEM_RESPONSES,
  REJECT_BODY,
  testingActSchema,
  WITHDRAW_BODY,
} from './schemas.ts';
import type { SignatureKeyInput } from './signature-key.ts';
import type { SmartBridge } from './smart-bridge.ts';
import { tusRoutes } from './tus-routes.ts';
import { applicationView, historyView } from './view.ts';

export interface SmartBridgeRoutesOptions {
  bridge: SmartBridge;
  /** Published in the OpenAPI document's info. */
  title?: string;
  version?: string;
}

const OPENAPI_DECORATOR = 'smartBridgeOpenapi';

/**
 * Smart Bridge's HTTP API (mounted by the environment under /smart-bridge/api/v1): applications and
 * their review (clauses 4–9), attachments by tus, signature keys, credentials and the testing act
 * (clauses 10–12), the calendar, and the OpenAPI document at /openapi.json. Encapsulated: its error
 * handler, auth hook, content-type parser and OpenAPI generator stay inside.
 */
export async function smartBridgeRoutes(app: FastifyInstance, opts: SmartBridgeRoutesOptions): Promise<void> {
  const { bridge } = opts;
  const { profile } = bridge;
  const prefix = app.prefix;
  useProblemJson(app);

  // The OpenAPI document is @fastify/swagger's, generated on its first request rather than at start:
  // registering the generator loads YAML, a JSON Schema resolver and more (~50 ms of `up`'s start).
  // The routes of this API are recorded as they are added, and replayed for it then.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  let openapi: Promise<unknown> | undefined;
  const document = () => {
    openapi ??= openapiDocument(routes, swaggerOptions).catch((err: unknown) => {
      openapi = undefined;
      throw err;
    });
    return openapi;
  };
  const swaggerOptions: SwaggerOptions = {
    // A decorator of its own, so that another API of the environment can run @fastify/swagger too.
    decorator: OPENAPI_DECORATOR,
    openapi: {
      openapi: '3.1.0',
      info: {
        title:
          opts.title ??
          'Smart Bridge (mock): integration with the state service for control of access to personal data',
        version: opts.version ?? profile.version,
        description:
          'Applications, review, attachments (tus 1.0), keys, credentials and the testing act of clauses 4–12 of order 236/НҚ. See docs/smart-bridge.md.',
      },
      servers: [{ url: prefix || '/' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key issued by the environment to an organisation or to the authorized body',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  };

  const publicRoutes = new Set([`GET ${prefix}/openapi.json`, `OPTIONS ${prefix}/uploads`]);
  const principalOf = useBearerAuth(app, bridge.apiKeys, (r) => publicRoutes.has(`${r.method} ${r.routeOptions.url}`));
  const now = () => bridge.clock.nowMs();
  const view = (a: Parameters<typeof applicationView>[0]) => applicationView(a, now());
  const APP = applicationViewSchema(profile);
  const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
  const ok = (schema: unknown, code = 200) => ({ [code]: schema, ...PROBLEM_RESPONSES });
  const apps = bridge.applications;

  app.get(
    '/openapi.json',
    { schema: { hide: true, response: { 200: { type: 'object', additionalProperties: true } } } },
    document,
  );

  app.get(
    '/me',
    {
      schema: {
        operationId: 'whoAmI',
        tags: ['session'],
        summary: 'The caller behind the API key',
        response: ok(PRINCIPAL_VIEW),
      },
    },
    async (r) => principalOf(r),
  );

  app.get(
    '/calendar/:year',
    {
      schema: {
        operationId: 'calendarYear',
        tags: ['calendar'],
        summary: "R9: a year of Kazakhstan's working-day calendar",
        params: CALENDAR_PARAMS,
        response: ok(CALENDAR_VIEW),
      },
    },
    async (r) => {
      const { year } = r.params as { year: number };
      return { ...bridge.calendar.summary(year), specialDays: bridge.calendar.specialDays(year) };
    },
  );

  app.get(
    '/calendar/deadline',
    {
      schema: {
        operationId: 'reviewDeadline',
        tags: ['calendar'],
        summary: 'R9: the review deadline for a submission at the given instant',
        querystring: DEADLINE_QUERY,
        response: ok(DEADLINE_VIEW),
      },
    },
    async (r) => {
      const q = r.query as { from: string; workingDays?: number };
      return fieldsAt('querystring/', async () => bridge.reviewDeadline(q.from, q.workingDays));
    },
  );

  app.post(
    '/applications',
    {
      schema: {
        operationId: 'createApplication',
        tags: ['applications'],
        summary: 'R4–R7.0: file a draft application (organisation)',
        body: formSchema(profile),
        response: ok(APP, 201),
      },
    },
    async (r, reply) => {
      const created = await fieldsAt('body/', () => apps.create(principalOf(r), r.body as ApplicationForm));
      void reply.code(201).header('Location', `${prefix}/applications/${created.id}`);
      return view(created);
    },
  );

  app.get(
    '/applications',
    {
      schema: {
        operationId: 'listApplications',
        tags: ['applications'],
        summary: "The caller's applications (the authorized body: all)",
        querystring: LIST_QUERY,
        response: ok({ type: 'object', properties: { items: { type: 'array', items: APP } } }),
      },
    },
    async (r) => ({ items: (await apps.list(principalOf(r), r.query as ListQuery)).map(view) }),
  );

  app.get(
    '/applications/:id',
    { schema: { operationId: 'getApplication', tags: ['applications'], params: ID_PARAMS, response: ok(APP) } },
    async (r) => view(await apps.get(principalOf(r), idOf(r))),
  );

  app.put(
    '/applications/:id',
    {
      schema: {
        operationId: 'updateApplication',
        tags: ['applications'],
        summary: 'R6: change a draft',
        params: ID_PARAMS,
        body: formSchema(profile),
        response: ok(APP),
      },
    },
    async (r) => view(await fieldsAt('body/', () => apps.update(principalOf(r), idOf(r), r.body as ApplicationForm))),
  );

  app.get(
    '/applications/:id/history',
    {
      schema: {
        operationId: 'applicationHistory',
        tags: ['applications'],
        summary: 'Every change: who, when, what and why',
        params: ID_PARAMS,
        response: ok(HISTORY_VIEW),
      },
    },
    async (r) => historyView(await apps.historyOf(principalOf(r), idOf(r))),
  );

  const action = (
    path: string,
    operationId: string,
    summary: string,
    run: (r: FastifyRequest) => Promise<Parameters<typeof applicationView>[0]>,
    body?: unknown,
  ) =>
    app.post(
      `/applications/:id/${path}`,
      {
        schema: {
          operationId,
          tags: ['applications'],
          summary,
          params: ID_PARAMS,
          ...(body ? { body } : {}),
          response: ok(APP),
        },
      },
      async (r) => view(await run(r)),
    );

  action('submit', 'submitApplication', 'R4, R6, R7.0, R8: submit for review; the deadline of R9 starts', (r) =>
    fieldsAt('application/', () => apps.submit(principalOf(r), idOf(r))),
  );
  action(
    'withdraw',
    'withdrawApplication',
    'Withdraw (organisation)',
    (r) => apps.withdraw(principalOf(r), idOf(r), (r.body as { reason?: string }).reason),
    WITHDRAW_BODY,
  );
  action('revise', 'reviseApplication', 'R5.6: reopen a rejected application as a draft', (r) =>
    apps.revise(principalOf(r), idOf(r)),
  );
  action(
    'approve',
    'approveApplication',
    'R9: approve all or part of what was asked (authorized body)',
    (r) =>
      fieldsAt('body/', () =>
        apps.approve(principalOf(r), idOf(r), r.body as Partial<ApprovedScope> & { comment?: string }),
      ),
    approveSchema(profile),
  );
  action(
    'reject',
    'rejectApplication',
    'R5.6: reject with reasons (authorized body)',
    (r) =>
      fieldsAt('body/', () => apps.reject(principalOf(r), idOf(r), r.body as { reasons: Reason[]; comment?: string })),
    REJECT_BODY,
  );
  action(
    'attachments',
    'attachUpload',
    'Attach a complete upload (R7.0, R8 protocols; R10.1 documentation; R11 the signed act)',
    (r) => fieldsAt('body/', () => apps.attach(principalOf(r), idOf(r), (r.body as { uploadId: string }).uploadId)),
    ATTACH_BODY,
  );
  action(
    'signature-keys',
    'registerSignatureKey',
    "R10.2: register the organisation's public signature key (PEM or JWK; RSA ≥ 2048 or EC)",
    (r) => fieldsAt('body/', () => apps.registerKey(principalOf(r), idOf(r), r.body as SignatureKeyInput)),
    KEY_BODY,
  );
  action(
    'testing-act',
    'submitTestingAct',
    'R11: file the testing act citing successful test-environment responses',
    (r) => fieldsAt('body/', () => apps.submitTestingAct(principalOf(r), idOf(r), r.body as TestingActContent)),
    testingActSchema(profile),
  );
  action(
    'testing-act/accept',
    'acceptTestingAct',
    'R12: accept the testing act (authorized body)',
    (r) => apps.acceptTestingAct(principalOf(r), idOf(r), r.body as { comment?: string }),
    COMMENT_BODY,
  );
  action(
    'testing-act/reject',
    'rejectTestingAct',
    'R11: reject the testing act with reasons (authorized body)',
    (r) =>
      fieldsAt('body/', () =>
        apps.rejectTestingAct(principalOf(r), idOf(r), r.body as { reasons: Reason[]; comment?: string }),
      ),
    REJECT_BODY,
  );

  app.post(
    '/applications/:id/credentials/:environment',
    {
      schema: {
        operationId: 'issueCredentials',
        tags: ['applications'],
        summary:
          'R4, R10.1, R10.2, R12: SHEP credentials for the test or the production environment; the password is shown once',
        params: ENV_PARAMS,
        response: ok(credentialViewSchema(profile), 201),
      },
    },
    async (r, reply) => {
      const { environment } = r.params as { environment: ShepEnvironment };
      const { application, credential } = await apps.issueCredentials(principalOf(r), idOf(r), environment);
      void reply.code(201).header('Cache-Control', 'no-store');
      return {
        environment,
        senderId: credential.senderId,
        password: credential.password,
        application: view(application),
      };
    },
  );

  tusRoutes(app, bridge.uploads, principalOf);
}

/**
 * @fastify/swagger's document of the recorded routes, from a fastify instance of its own that holds
 * them with no handler or compiled schema: what the generator would have seen registered beside them.
 */
async function openapiDocument(routes: readonly RouteOptions[], options: SwaggerOptions): Promise<unknown> {
  const [{ default: fastify }, { default: fastifySwagger }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
  ]);
  // The HEAD routes fastify added for the GETs are among the recorded ones.
  const scratch = fastify({ exposeHeadRoutes: false });
  try {
    scratch.setValidatorCompiler(() => () => true);
    scratch.setSerializerCompiler(() => (data) => JSON.stringify(data));
    await scratch.register(fastifySwagger, options);
    await scratch.register(async (scope) => {
      for (const r of routes) {
        const { method, url, schema, config, links } = r as RouteOptions & { links?: unknown };
        scope.route({
          method,
          url,
          handler: async () => null,
          ...(schema ? { schema } : {}),
          ...(config ? { config } : {}),
          ...(links ? { links } : {}),
        } as RouteOptions);
      }
    });
    await scratch.ready();
    return scratch.getDecorator<() => unknown>(OPENAPI_DECORATOR)();
  } finally {
    await scratch.close();
  }
}
