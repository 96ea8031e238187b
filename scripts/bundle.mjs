// The command line as one bundle (dist/bundle/cli.js and its chunks), built by build.mjs from the
// tsc output: `up` then loads a handful of files instead of ~700 modules resolved one by one through
// node_modules (about a third of its start-up). What a command loads on demand (the dynamic imports
// of bin/: the harness, reports, contracts) stays outside, in the dist/ tree tsc wrote, exactly as
// the per-subpath exports load it; the typed dist/ tree is unchanged. Each bundled module of ours
// keeps its own import.meta.url, so data folders, createRequire and the package's version are found
// where they always were.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

export const BUNDLE_DIR = 'bundle';
const BUNDLE_URL = '__kdpBundleUrl__';

/** Bundles `<dist>/bin/cli.js` into `<dist>/bundle/`; returns the number of files written. */
export async function bundleCli(dist, root) {
  const outdir = join(dist, BUNDLE_DIR);
  const bin = join(dist, 'bin') + sep;
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  // fastify's own install, so that the schema compilers are the versions it ships with (lazy-schemas.ts).
  const fastifyDir = dirname(createRequire(join(root, 'package.json')).resolve('fastify'));
  const posixRelative = (from, to) => {
    const r = relative(from, to).split(sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const result = await build({
    entryPoints: { cli: join(bin, 'cli.js') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
    // Peers are the consumer's to provide.
    external: Object.keys(manifest.peerDependencies ?? {}),
    // Bundled CommonJS requires what it does not carry (optional peers, createRequire) from here.
    banner: {
      js: "import { createRequire as __kdpCreateRequire } from 'node:module';\nconst require = __kdpCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'kdp-conformance',
        setup(b) {
          // A command's on-demand code stays in the dist/ tree: it is loaded from there, as it would be
          // without the bundle.
          b.onResolve({ filter: /^\.\.?\// }, (args) => {
            if (args.kind !== 'dynamic-import' || !args.importer.startsWith(bin)) return undefined;
            return { path: posixRelative(outdir, resolve(args.resolveDir, args.path)), external: true };
          });
          b.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, (args) =>
            args.importer.endsWith(`${sep}lazy-schemas.js`)
              ? b.resolve(args.path, { resolveDir: fastifyDir, kind: args.kind })
              : undefined,
          );
          b.onLoad({ filter: FASTIFY_SERVER }, async (args) => ({
            contents: lazyTlsServers(await readFile(args.path, 'utf8'), args.path),
            loader: 'js',
            resolveDir: dirname(args.path),
          }));
          b.onLoad({ filter: /\.js$/ }, async (args) => {
            if (!args.path.startsWith(dist + sep)) return undefined;
            let code = await readFile(args.path, 'utf8');
            if (!code.includes('import.meta.url')) return undefined;
            if (args.path.endsWith(`${sep}lazy-schemas.js`)) {
              // Its compilers come into the bundle, not a second copy of ajv from node_modules.
              const requires = code.match(/fastifyRequire\('@fastify\//g)?.length ?? 0;
              if (requires !== 2)
                throw new Error(`lazy-schemas.js: expected 2 fastifyRequire calls, found ${requires}`);
              code = code.replaceAll("fastifyRequire('@fastify/", "require('@fastify/");
            }
            // A literal path beside the module becomes the same path seen from the bundle; any other use
            // of import.meta.url gets the module's own URL.
            code = code.replace(/new URL\((['"])(\.\.?\/[^'"]*)\1, import\.meta\.url\)/g, (_, q, path) => {
              const target = posixRelative(outdir, resolve(dirname(args.path), path));
              return `new URL(${JSON.stringify(path.endsWith('/') ? `${target}/` : target)}, ${BUNDLE_URL})`;
            });
            const here = JSON.stringify(posixRelative(outdir, args.path));
            code = code.replaceAll('import.meta.url', `new URL(${here}, import.meta.url).href`);
            code = code.replaceAll(BUNDLE_URL, 'import.meta.url');
            return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  await refuseUnknownDirnames(Object.keys(result.metafile.inputs));
  const outputs = {};
  for (const file of Object.keys(result.metafile.outputs)) outputs[file] = await readFile(file, 'utf8');
  lazyTlsServersHeld(outputs);
  return Object.keys(result.metafile.outputs).length;
}

/**
 * fastify's server.js requires node:https and node:http2 when it loads, for servers `up` never makes
 * (TLS, HTTP/2): loading them and tls costs ~15 ms of every start. In the bundle each is required
 * where fastify creates such a server. The lines must be exactly these and fastify may use nothing
 * else of the two modules: a fastify that changed either fails the build rather than silently
 * loading them again or calling what a stand-in lacks (and lazyTlsServersHeld checks the output).
 */
const LAZY_SERVER_MODULES = {
  "const https = require('node:https')":
    "const https = { createServer: (...a) => require('node:https').createServer(...a) }",
  "const http2 = require('node:http2')":
    "const http2 = { createServer: (...a) => require('node:http2').createServer(...a), createSecureServer: (...a) => require('node:http2').createSecureServer(...a) }",
};
/** What each stand-in offers. */
const OFFERED = { https: ['createServer'], http2: ['createServer', 'createSecureServer'] };

/** The file the transform applies to, on any platform's paths. */
export const FASTIFY_SERVER = /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/;

export function lazyTlsServers(code, path = 'fastify/lib/server.js') {
  const lines = code.split('\n');
  for (const [line, lazy] of Object.entries(LAZY_SERVER_MODULES)) {
    const at = lines.flatMap((l, i) => (l === line ? [i] : []));
    if (at.length !== 1)
      throw new Error(`${path}: expected the line \`${line}\` once (scripts/bundle.mjs, LAZY_SERVER_MODULES)`);
    lines[at[0]] = lazy;
  }
  const out = lines.join('\n');
  // Every other mention of either name, comments aside, must be a call its stand-in offers. Too
  // strict is safe here (the build fails and someone looks); too lenient would fail at run time.
  const uncommented = out
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1')
    .split('\n')
    .filter((l) => !Object.values(LAZY_SERVER_MODULES).includes(l))
    .join('\n');
  const unknown = [];
  for (const m of uncommented.matchAll(/(?<![\w$.])(https|http2)(?![\w$])(\s*\.\s*(\w+))?/g)) {
    if (!OFFERED[m[1]].includes(m[3])) unknown.push(m[0].replace(/\s+/g, ''));
  }
  if (unknown.length)
    throw new Error(
      `${path}: uses ${[...new Set(unknown)].join(', ')}, which the lazy stand-ins lack (scripts/bundle.mjs)`,
    );
  return out;
}

/**
 * After the build: the bundle requires none of node:https, node:http2 and node:tls but through a
 * stand-in's call. Catches what the transform cannot see: fastify's server.js moved (the transform
 * never ran) or another module of the bundle requiring one of them when it loads.
 */
export function lazyTlsServersHeld(outputs) {
  const eager = [];
  for (const [file, code] of Object.entries(outputs)) {
    for (const m of code.matchAll(/__require\("(?:node:)?(https|http2|tls)"\)(\.\w+)?/g)) {
      const call = m[2]?.slice(1);
      if (!(m[1] in OFFERED && OFFERED[m[1]].includes(call))) eager.push(`${file}: ${m[0]}`);
    }
    for (const m of code.matchAll(/\bfrom\s*["'](?:node:)?(?:https|http2|tls)["']/g)) eager.push(`${file}: ${m[0]}`);
  }
  if (eager.length)
    throw new Error(
      `the command line's bundle loads TLS or HTTP/2 modules at start (scripts/bundle.mjs, lazyTlsServers): ${eager.join('; ')}`,
    );
}

/**
 * CommonJS of node_modules that reads __dirname or __filename, which the bundle does not have, on
 * paths the command line never takes: pino's and thread-stream's worker transports (the loggers
 * write to stdout), @fastify/swagger's default title from its own package.json (Smart Bridge gives
 * its own info). A new one fails the build rather than a run.
 */
const DIRNAME_KNOWN = [
  'node_modules/pino/lib/transport.js',
  'node_modules/thread-stream/index.js',
  'node_modules/@fastify/swagger/lib/util/read-package-json.js',
];

async function refuseUnknownDirnames(inputs) {
  const unknown = [];
  for (const input of inputs) {
    if (!input.includes('node_modules/') || DIRNAME_KNOWN.some((k) => input.endsWith(k))) continue;
    if (/\b__(dirname|filename)\b/.test(await readFile(input, 'utf8'))) unknown.push(input);
  }
  if (unknown.length)
    throw new Error(
      `the command line's bundle would reach __dirname/__filename, which it lacks, in: ${unknown.join(', ')} (scripts/bundle.mjs)`,
    );
}
