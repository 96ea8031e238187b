// What the build compiles, and whether dist/ is the build of the sources as they are now. The build
// records when it started (dist/.build.json); a source file or folder changed since then makes the
// build stale. Plain JavaScript: bin/kdp-conformance.js asks this in a checkout before choosing
// dist/ or the source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');

/** The command line's entry; bin/kdp-conformance.js imports its build. */
const CLI_ENTRY = 'bin/cli.ts';

// Top-level folders that are never part of the package's code: everything else may be.
const NOT_SOURCE = new Set(['node_modules', 'dist', 'docs', 'e2e', 'bench', 'examples', 'scripts', 'coverage']);

/**
 * The files tsc starts from: the source of every `exports` target in package.json, and the command
 * line. tsc follows their imports, so the build holds exactly the code they reach: no tests and no
 * test helpers, and a new subpath is one line in `exports`.
 */
export function buildEntries(root = ROOT) {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = Object.values(exports)
    .filter((target) => target.startsWith('./dist/') && target.endsWith('.js'))
    .map((target) => target.slice('./dist/'.length, -'.js'.length) + '.ts');
  return [...new Set([...entries, CLI_ENTRY])];
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
  const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', ...sourceFolders(root)];
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
