import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house's two rules, read from the source (every import and export … from, type-only ones
 * included): which top-level folder may import which, and that no domain core in mocks/ imports
 * HTTP, SOAP or XML.
 */
const ROOT = dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The package's own subpaths, as package.json's exports map them (a self-import is an import of that folder). */
const SELF: Record<string, string> = {
  'kdp-conformance': 'mocks',
  'kdp-conformance/msw': 'mocks',
  'kdp-conformance/fixtures': 'fixtures',
  'kdp-conformance/protocol': 'protocol',
  'kdp-conformance/requirements': 'requirements',
};

/** The project file (or self-import folder) a specifier names, or undefined for a library. */
function target(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) return normalize(join(dirname(file), spec));
  return SELF[spec];
}

const topOf = (path: string) => path.split('/')[0]!;

/** requirements ← protocol ← fixtures ← mocks ← suites ← reports; contracts, examples and the tools above. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  requirements: [],
  protocol: ['requirements'],
  fixtures: ['requirements', 'protocol'],
  mocks: ['requirements', 'protocol', 'fixtures'],
  suites: ['requirements', 'protocol', 'fixtures', 'mocks'],
  reports: ['requirements', 'protocol', 'fixtures', 'mocks', 'suites', 'contracts'],
  contracts: ['requirements', 'protocol', 'fixtures', 'mocks'],
  examples: ['requirements', 'protocol', 'fixtures', 'mocks', 'suites', 'contracts'],
};
const LAYERS = Object.keys(MAY_IMPORT);

function crossings(folders: readonly string[]): { file: string; imports: string }[] {
  const out: { file: string; imports: string }[] = [];
  for (const file of folders.flatMap(sources)) {
    for (const spec of specifiers(file)) {
      const to = target(file, spec);
      if (to !== undefined) out.push({ file, imports: to });
    }
  }
  return out;
}

const isTestSupport = (file: string) => /\.test\.ts$|(^|\/)testing\//.test(file);

describe('the direction of imports between top-level folders', () => {
  it('each folder imports only the folders beneath it', () => {
    const wrong = crossings(LAYERS).filter(({ file, imports }) => {
      const from = topOf(file);
      const to = topOf(imports);
      // Test support (tests and testing/ folders, never shipped) may drive the environment through
      // the worked-example client of examples/initiator, as the bench and the e2e suites do.
      if (isTestSupport(file) && imports.startsWith('examples/initiator/')) return false;
      return to !== from && LAYERS.includes(to) && !MAY_IMPORT[from]!.includes(to);
    });
    expect(wrong).toEqual([]);
  });

  it('the reference initiator is written as an integrator would: no protocol/, no mocks/', () => {
    const wrong = crossings(['examples/reference-initiator']).filter(({ imports }) =>
      ['protocol', 'mocks'].includes(topOf(imports)),
    );
    expect(wrong).toEqual([]);
  });

  it('knows a wrong import when it sees one', () => {
    expect(target('protocol/x.ts', '../mocks/server.ts')).toBe('mocks/server.ts');
    expect(target('examples/reference-initiator/a.ts', 'kdp-conformance/msw')).toBe('mocks');
    expect(specifiers('architecture.test.ts')).toContain('node:fs');
  });
});

/**
 * Files of mocks/ that adapt a core to a transport (fastify routes and their schemas, problem
 * tables, SOAP services, msw), compose the environment, or support tests. shep/service.ts is the
 * seam every service behind the gateway implements (its payload is the SOAP data element), and the
 * echo service has no core: it returns what it was sent.
 */
const ADAPTER =
  /(^|\/)(routes|[\w-]+-routes|schemas|soap|soap-[\w-]+|problems|msw|wsdl|http-[\w-]+|service|echo-service|testing|test-support|flow-helpers|fakes|server|compose|mount|index)\.ts$|\.test\.ts$|^mocks\/http\/|^mocks\/problem\.ts$|^mocks\/msw[\w-]*\.ts$/;

/** What a core must not import: transports and the XML/SOAP codecs. protocol's plain values (identifiers, dates, ways) are fine. */
function forbidden(file: string, spec: string): boolean {
  if (/^(fastify|@fastify\/|msw(\/|$)|@mswjs\/|node:http|node:https|http$|https$|undici)/.test(spec)) return true;
  const to = target(file, spec);
  if (to === undefined) return false;
  if (/^protocol\/(xml|shep)\//.test(to)) return true;
  if (/^protocol\/kdp\//.test(to) && to !== 'protocol/kdp/ways.ts') return true;
  return to.startsWith('mocks/') && ADAPTER.test(to);
}

describe('domain cores', () => {
  const cores = sources('mocks').filter((f) => !ADAPTER.test(f));

  it('there are cores to check in every system', () => {
    for (const system of ['shep', 'kdp', 'data-services', 'sms', 'callcenter', 'smart-bridge', 'environment'])
      expect(cores.some((f) => f.startsWith(`mocks/${system}/`))).toBe(true);
  });

  it('no core imports fastify, msw, HTTP, SOAP or XML, nor an adapter', () => {
    const wrong = cores.flatMap((file) =>
      specifiers(file)
        .filter((spec) => forbidden(file, spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it('knows a forbidden import when it sees one', () => {
    expect(forbidden('mocks/kdp/state.ts', 'fastify')).toBe(true);
    expect(forbidden('mocks/kdp/state.ts', '../../protocol/xml/parse.ts')).toBe(true);
    expect(forbidden('mocks/kdp/state.ts', './routes.ts')).toBe(true);
    expect(forbidden('mocks/kdp/state.ts', '../../protocol/identifiers/iin.ts')).toBe(false);
  });
});
