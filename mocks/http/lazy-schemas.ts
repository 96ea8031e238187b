import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/**
 * fastify compiles every route's validators (ajv) and serializers (fast-json-stringify) before it
 * answers anything: ~150 schemas here, most of the start-up time. These compilers are fastify's
 * own (resolved from fastify's install, so the versions it ships with), deferred: a route's schema
 * is compiled on its first request, and `warm()` compiles the rest one per event-loop turn after
 * the server listens, so nothing waits for it and a broken schema still shows within a moment.
 */
type Compile = (...args: never[]) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => (route: unknown) => Compile;

const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
// Required, and their compilers (an ajv instance each) built, on the first compile, not at start.
const ValidatorSelector = () => fastifyRequire('@fastify/ajv-compiler') as () => Factory;
const SerializerSelector = () => fastifyRequire('@fastify/fast-json-stringify-compiler') as () => Factory;

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export interface LazySchemas {
  compilersFactory: NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
  /** Schemas not compiled yet. */
  readonly pending: number;
  /** Compiles what is left, one per turn; resolves when done or when stop() was called. */
  warm(): Promise<void>;
  stop(): void;
}

export function lazySchemas(): LazySchemas {
  const pending = new Set<() => unknown>();
  let stopped = false;
  const validators = once(() => ValidatorSelector()());
  const serializers = once(() => SerializerSelector()());

  function deferred(build: (route: unknown) => Compile, route: unknown): () => Compile {
    let fn: Compile | undefined;
    const compile = (): Compile => {
      if (!fn) {
        fn = build(route);
        pending.delete(compile);
      }
      return fn;
    };
    pending.add(compile);
    return compile;
  }

  return {
    compilersFactory: {
      buildValidator: ((externalSchemas: unknown, options: unknown) => {
        const builder = once(() => validators()(externalSchemas, options));
        const build = (route: unknown) => builder()(route);
        return (route: unknown) => {
          const compile = deferred(build, route);
          const validate = (data: unknown, ctx?: unknown) => {
            const f = compile() as ((d: unknown, c?: unknown) => unknown) & { errors?: unknown };
            const ok = ctx === undefined ? f(data) : f(data, ctx);
            validate.errors = f.errors;
            return ok;
          };
          validate.errors = undefined as unknown;
          // fastify hands an ajv function its parent object (so that defaults and coercion can
          // replace the root value) when it sees schemaEnv: keep that for the compiled one.
          (validate as unknown as { schemaEnv: boolean }).schemaEnv = true;
          return validate;
        };
      }) as never,
      buildSerializer: ((externalSchemas: unknown, options: unknown) => {
        const builder = once(() => serializers()(externalSchemas, options));
        const build = (route: unknown) => builder()(route);
        return (route: unknown) => {
          const compile = deferred(build, route);
          return (data: unknown) => (compile() as (d: unknown) => string)(data);
        };
      }) as never,
    },
    get pending() {
      return pending.size;
    },
    async warm() {
      while (!stopped && pending.size > 0) {
        await new Promise((r) => setImmediate(r));
        const next = pending.values().next().value;
        if (next && !stopped) next();
      }
    },
    stop() {
      stopped = true;
    },
  };
}
