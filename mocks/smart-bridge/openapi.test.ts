import fastifySwagger from '@fastify/swagger';
import fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { seededRandom } from '../random.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { FakeCredentialIssuer, InMemoryTestEvidence } from './fakes.ts';
import { smartBridgeRoutes } from './routes.ts';
import { SmartBridge } from './smart-bridge.ts';
import { PREFIX, setup, START, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
};

describe('the OpenAPI document', () => {
  it('T-SB-3: is generated from the route schemas and served at /smart-bridge/api/v1/openapi.json', async () => {
    const res = await env.app.inject({ method: 'GET', url: `${PREFIX}/openapi.json` });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({
      openapi: '3.1.0',
      servers: [{ url: PREFIX }],
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
    expect(Object.keys(doc.paths)).not.toContain('/openapi.json');
    expect(Object.keys(doc.paths['/uploads/{id}']).sort()).toEqual(['delete', 'get', 'head', 'patch']);
    expect(Object.keys(doc.paths['/uploads'])).toEqual(['options', 'post']);
  });

  it('T-SB-3: gives every operation an id, a success response and problem+json refusals; every body a schema', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: `${PREFIX}/openapi.json` })).json();
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, Operation>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toBeTruthy();
        expect(ids.has(op.operationId!), where).toBe(false);
        ids.add(op.operationId!);
        expect(
          Object.keys(op.responses).some((c) => /^2/.test(c)),
          where,
        ).toBe(true);
        expect(op.responses['4XX']?.content, where).toHaveProperty('application/problem+json');
        for (const body of Object.values(op.requestBody?.content ?? {})) expect(body.schema, where).toBeTruthy();
      }
    }
    const form = doc.paths['/applications'].post.requestBody.content['application/json'].schema;
    expect(form.properties.services.items.properties.stage.enum).toEqual(env.bridge.profile.stages);
  });

  it('T-SB-3: lives beside another API that uses @fastify/swagger too', async () => {
    const app = fastify();
    await app.register(fastifySwagger, { openapi: { info: { title: 'other', version: '1' } } });
    app.get('/other', { schema: { response: { 200: { type: 'string' } } } }, async () => 'x');
    const store = new SqliteStore(':memory:');
    const clock = new VirtualClock({}, () => START);
    const random = seededRandom(1);
    const bridge = new SmartBridge({
      clock,
      random,
      store,
      credentials: new FakeCredentialIssuer(random),
      evidence: new InMemoryTestEvidence(),
    });
    await app.register(smartBridgeRoutes, { prefix: PREFIX, bridge });
    await app.ready();
    const ours = (await app.inject({ method: 'GET', url: `${PREFIX}/openapi.json` })).json();
    expect(Object.keys(ours.paths)).not.toContain('/other');
    const theirs = app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(theirs.paths)).toContain('/other');
    // Ours is generated on demand from the recorded routes: every operation is the one the same
    // generator, registered before the routes, makes of them.
    expect(Object.keys(ours.paths).length).toBeGreaterThan(10);
    for (const [path, operations] of Object.entries(ours.paths))
      expect(theirs.paths[`${PREFIX}${path}`], path).toEqual(operations);
    // The error handler stays inside the plugin.
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).headers['content-type']).not.toMatch(/problem/);
    await app.close();
    await store.close();
  });
});
