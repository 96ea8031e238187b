// What the build compiles, and whether dist/ is the build of the sources as they are now. The build
// records when it started (dist/.build.json); a source file or folder changed since then makes the
// build stale. Plain JavaScript: bin/kdp-conformance.js asks this in a checkout before choosing
// dist/ or the source.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');

/**
 * Modules that run by their path rather than by an import, so tsc would not reach them from the
 * exports: the command line (bin/kdp-conformance.js imports its build) and the Pact verifier's
 * child process (contracts/isolated.ts forks it).
 */
const STARTED_BY_PATH = ['bin/cli.ts', 'contracts/verify-child.ts'];

// Top-level folders that are never part of the package's code: everything else may be (examples/
// too: `run` starts the bundled reference initiator).
const NOT_SOURCE = new Set(['node_modules', 'dist', 'docs', 'e2e', 'bench', 'scripts', 'coverage']);

/**
 * The files tsc starts from: the source of every `exports` target in package.json, and the modules
 * started by path. tsc follows their imports, so the build holds exactly the code they reach: no tests and no
 * test helpers, and a new subpath is one line in `exports`.
 */
export function buildEntries(root = ROOT) {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = Object.values(exports)
    .filter((target) => target.startsWith('./dist/') && target.endsWith('.js'))
    .map((target) => target.slice('./dist/'.length, -'.js'.length) + '.ts');
  const started = STARTED_BY_PATH.filter((path) => existsSync(join(root, path)));
  return [...new Set([...entries, ...started])];
}

/** The top-level folders that hold the package's code (and the data files it reads). */
export function sourceFolders(root = ROOT) {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('dist') && !NOT_SOURCE.has(e.name))
    .map((e) => e.name);
}

/** Tests never reach dist/, so editing one leaves the build current. */
export function isTestFile(name) {
  return /\.test\.[cm]?[jt]s$/.test(name);
}

/** Where a build says when it started, relative to dist/. */
export const STAMP_NAME = '.build.json';

export function isBuildCurrent(root = ROOT) {
  let startedAt;
  try {
    startedAt = JSON.parse(readFileSync(join(root, 'dist', STAMP_NAME), 'utf8')).startedAt;
  } catch {
    return false;
  }
  if (typeof startedAt !== 'number') return false;
  const inputs = [
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts/build.mjs',
    'scripts/build-state.mjs',
    'scripts/bundle.mjs',
    ...sourceFolders(root),
  ];
  return inputs.every((path) => unchangedSince(join(root, path), startedAt));
}

// A folder's own mtime moves when an entry is added, removed or renamed, so deletions count too.
function unchangedSince(path, since) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return true;
  }
  if (stat.mtimeMs > since) return false;
  if (!stat.isDirectory()) return true;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isFile() && isTestFile(entry.name)) continue;
    if (!unchangedSince(join(path, entry.name), since)) return false;
  }
  return true;
}
