import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { useProblemJson } from './problem-handler.ts';
import { nonFinite, refuseNonFiniteNumbers } from './finite-numbers.ts';

describe('nonFinite', () => {
  it('finds Infinity and NaN at any depth and names where', () => {
    expect(nonFinite({ a: 1, b: [2, { c: Infinity }] }, 'body', 0)).toBe('body/b/1/c');
    expect(nonFinite(Number.NaN, 'params', 0)).toBe('params');
    expect(nonFinite({ a: 1, b: 'Infinity', c: null }, 'body', 0)).toBeUndefined();
  });
});

describe('refuseNonFiniteNumbers', () => {
  async function app() {
    const a = Fastify();
    refuseNonFiniteNumbers(a);
    await a.register(async (p) => {
      useProblemJson(p);
      p.get(
        '/y/:year',
        {
          schema: {
            params: { type: 'object', properties: { year: { type: 'integer', minimum: 1990, maximum: 2200 } } },
          },
        },
        async (r) => ({ year: (r.params as { year: number }).year }),
      );
      p.post(
        '/n',
        { schema: { body: { type: 'object', properties: { n: { type: 'number', maximum: 10 } } } } },
        async (r) => r.body,
      );
    });
    return a;
  }

  it('T-ENV-4 refuses a path value ajv coerced to Infinity with problem+json', async () => {
    const r = await (await app()).inject('/y/1e309');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ errors: [{ field: 'params/year', message: 'must be a finite number' }] });
  });

  it('T-ENV-4 refuses 1e309 in a JSON body, which JSON.parse makes Infinity', async () => {
    const r = await (
      await app()
    ).inject({ method: 'POST', url: '/n', headers: { 'content-type': 'application/json' }, payload: '{"n": 1e309}' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('body/n');
  });

  it('lets finite numbers through', async () => {
    expect((await (await app()).inject('/y/2026')).json()).toEqual({ year: 2026 });
  });
});
