/**
 * The package as a user gets it: `npm pack`, unpacked into a scratch project, every subpath of its
 * `exports` imported from plain Node and type-checked by a consumer's tsc, and its command line run.
 *
 * No network: the scratch project lives in the repo's .scratch/, so Node and tsc reach the package's
 * dependencies in the repo's node_modules by walking up, as they would in the consumer's own tree.
 * That would also let a devDependency slip through, so a test checks that every bare import of the
 * built code is a declared dependency. The subpaths come from the exports map: a new one is tested
 * without touching this file.
 */
import { spawnSync, type ChildProcessWithoutNullStreams, type SpawnSyncReturns } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, up } from './support/up-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRATCH = join(ROOT, '.scratch', `package-test-${process.pid}`);
const INSTALLED = join(SCRATCH, 'node_modules', 'kdp-conformance');

interface Manifest {
  name: string;
  private?: boolean;
  exports: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const subpaths = Object.keys(manifest.exports).filter((s) => s !== './package.json');
const specifierOf = (subpath: string) => `${manifest.name}${subpath.slice(1)}`;

// `… from 'x'`, `import 'x'` and `import('x')` as tsc writes them (one space, one kind of quote).
const IMPORT_SPECIFIER = /(?:(?:^|[\s}])from |^import |\bimport\()(['"])([^'"\n]+)\1/gm;

/**
 * Errors a strict consumer sees inside a dependency's own declarations, not in this package's: the
 * check ignores these and nothing else. @pact-foundation/pact's .d.ts import express, whose types
 * it does not depend on (TS7016); only `kdp-conformance/contracts` reaches them, and a consumer with
 * skipLibCheck (tsc --init's default) never sees it.
 */
const KNOWN_DEPENDENCY_ERRORS = [/node_modules\/@pact-foundation\/pact\/.*error TS7016: .*'express'/];

let packed: string[] = [];
let exportedNames: Record<string, string[]> = {};

function run(command: string, args: string[], cwd = SCRATCH): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    shell: process.platform === 'win32' && command === 'npm',
  });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function npm(args: string[]): SpawnSyncReturns<string> {
  // Under `npm test` this is the npm that runs the tests; run by hand, the one on PATH.
  const cli = process.env.npm_execpath;
  return cli?.endsWith('.js') ? run(process.execPath, [cli, ...args], ROOT) : run('npm', args, ROOT);
}

beforeAll(() => {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  // What `prepare` does before npm packs (a no-op when dist/ is current); then pack without scripts.
  run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], ROOT);
  const [pack] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', SCRATCH]).stdout) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = pack!.files.map((f) => f.path);
  // What npm install does with the tarball, minus fetching dependencies: unpack into node_modules.
  run('tar', ['-xzf', pack!.filename], SCRATCH);
  mkdirSync(dirname(INSTALLED), { recursive: true });
  renameSync(join(SCRATCH, 'package'), INSTALLED);
  writeFileSync(join(SCRATCH, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 120_000);

afterAll(() => process.env.KEEP_SCRATCH || rmSync(SCRATCH, { recursive: true, force: true }));

describe('the packed package', () => {
  it('is publishable and ships the build, the command line and the docs, but no test, source or script', () => {
    expect(manifest.private).toBeUndefined();
    expect(packed).toContain('package.json');
    expect(packed).toContain('README.md');
    expect(packed).toContain('LICENSE');
    expect(packed).toContain(manifest.bin['kdp-conformance']);
    expect(packed).toContain('dist/bin/cli.js');
    expect(packed).toContain('dist/fixtures/keys/README.md');
    for (const subpath of subpaths) {
      const target = manifest.exports[subpath]!.replace(/^\.\//, '');
      expect(packed, subpath).toContain(target);
      expect(packed, subpath).toContain(target.replace(/\.js$/, '.d.ts'));
    }
    const unwanted = packed.filter(
      (p) =>
        /\.test\.|(^|\/)(e2e|bench|scripts|node_modules|vectors|__snapshots__|pacts)\//.test(p) ||
        (p.endsWith('.ts') && !p.endsWith('.d.ts')) ||
        p.endsWith('.mjs') ||
        p === 'dist/.build.json',
    );
    expect(unwanted).toEqual([]);
  });

  it('imports nothing at run time but Node built-ins and its declared dependencies', () => {
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const builtins = new Set(builtinModules);
    const undeclared = new Set<string>();
    for (const file of packed.filter((p) => p.endsWith('.js'))) {
      const code = readFileSync(join(INSTALLED, file), 'utf8');
      for (const [, , specifier] of code.matchAll(IMPORT_SPECIFIER)) {
        if (specifier!.startsWith('.')) continue;
        const name = specifier!.startsWith('@')
          ? specifier!.split('/').slice(0, 2).join('/')
          : specifier!.split('/')[0]!;
        if (!name.startsWith('node:') && !builtins.has(name) && !declared.has(name))
          undeclared.add(`${name} (${file})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it('carries every file its code names by a relative path: dynamic imports, forked modules, data folders', () => {
    const missing: string[] = [];
    for (const file of packed.filter((p) => p.endsWith('.js'))) {
      const code = readFileSync(join(INSTALLED, file), 'utf8');
      for (const [, , relative] of code.matchAll(/(['"])(\.\.?\/[^'"\s]*?(?:\.js|\.json|\/))\1/g)) {
        const target = posix.join(posix.dirname(file), relative!);
        const there = relative!.endsWith('/') ? packed.some((p) => p.startsWith(target)) : packed.includes(target);
        if (!there) missing.push(`${relative} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('imports every subpath of its exports from plain Node, resolved inside the installed package', () => {
    const script = `
      const out = {};
      for (const specifier of ${JSON.stringify(subpaths.map(specifierOf))}) {
        const resolved = import.meta.resolve(specifier);
        out[specifier] = { resolved, names: Object.keys(await import(specifier)).sort() };
      }
      // The data files the code reads at run time (test keys, calendars) came along: a whole environment starts.
      const { createInMemoryEnvironment } = await import('${specifierOf('./msw')}');
      const env = await createInMemoryEnvironment();
      out.organisations = env.fixtures.organisations.length;
      await env.close();
      console.log(JSON.stringify(out));`;
    writeFileSync(join(SCRATCH, 'imports.mjs'), script);
    const out = JSON.parse(run(process.execPath, ['imports.mjs']).stdout) as Record<
      string,
      { resolved: string; names: string[] }
    > & { organisations: number };
    const installedUrl = new URL(`file://${INSTALLED}/dist/`).href;
    exportedNames = {};
    for (const subpath of subpaths) {
      const { resolved, names } = out[specifierOf(subpath)]!;
      expect(resolved.startsWith(installedUrl), `${subpath} → ${resolved}`).toBe(true);
      expect(names.length, subpath).toBeGreaterThan(0);
      exportedNames[subpath] = names;
    }
    expect(out.organisations).toBe(6);
  });

  it('type-checks under a consumer’s tsc (strict, nodenext, no skipLibCheck): every export typed, none any', () => {
    expect(Object.keys(exportedNames)).toEqual(subpaths); // filled by the plain-Node test above
    const lines: string[] = [];
    subpaths.forEach((subpath, i) => {
      lines.push(`import * as m${i} from '${specifierOf(subpath)}';`);
      // Every name Node sees must be declared, and an undeclared one must be an error (so not `any`).
      for (const name of exportedNames[subpath]!) lines.push(`void m${i}.${name};`);
      lines.push(`// @ts-expect-error: no such export`, `void m${i}.notAnExportOfThisPackage;`);
    });
    lines.push(
      `import { buildFixtureSet, type FixtureSet } from '${specifierOf('./fixtures')}';`,
      `const set: FixtureSet = await buildFixtureSet({ subjects: 1 });`,
      `// @ts-expect-error: an IIN is a string`,
      `const wrong: number = set.subjects[0]!.iin;`,
      `export { wrong };`,
    );
    writeFileSync(join(SCRATCH, 'consumer.ts'), lines.join('\n') + '\n');
    writeFileSync(
      join(SCRATCH, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2024',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: SCRATCH, encoding: 'utf8' });
    const errors = (r.stdout + r.stderr).split('\n').filter((line) => /: error TS\d+:/.test(line));
    expect(errors.filter((line) => !KNOWN_DEPENDENCY_ERRORS.some((known) => known.test(line)))).toEqual([]);
    expect(r.status === 0 || errors.length > 0, r.stdout + r.stderr).toBe(true);
  });

  it('runs its command line from the build, without tsx or the TypeScript source', () => {
    expect(readdirSync(join(INSTALLED, 'bin'))).toEqual(['kdp-conformance.js']);
    const r = run(process.execPath, [join(INSTALLED, manifest.bin['kdp-conformance']!), 'help']);
    expect(r.stdout).toMatch(/^Usage: kdp-conformance <command>/m);
    expect(r.stdout).toMatch(/^ {2}up /m);
  });

  it('serves `up` from the bundle of its command line, with the data files and dependencies it reads', async () => {
    expect(packed).toContain('dist/bundle/cli.js');
    const running: ChildProcessWithoutNullStreams[] = [];
    try {
      // Starting reads the calendars beside the code; openapi.json runs the bundled @fastify/swagger.
      const server = await up(':memory:', running, { bin: join(INSTALLED, manifest.bin['kdp-conformance']!) });
      expect((await fetch(`${server.base}/env/api/v1/health`)).status).toBe(200);
      const openapi = await fetch(`${server.base}/smart-bridge/api/v1/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
      server.proc.kill('SIGTERM');
      expect((await exited(server.proc)).code).toBe(0);
    } finally {
      for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
    }
  });
});
