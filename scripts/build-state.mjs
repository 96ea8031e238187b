// Whether dist/ is the build of the sources as they are now. The build records when it started
// (dist/.build.json); a source file or folder changed since then makes the build stale. Plain
// JavaScript: bin/kdp-conformance.js asks this in a checkout before choosing dist/ or the source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.build.json');
export const BUILD_TSCONFIG = join(ROOT, 'tsconfig.build.json');

/** The top-level folders the build compiles: the `include` of tsconfig.build.json. */
export function sourceFolders() {
  return JSON.parse(readFileSync(BUILD_TSCONFIG, 'utf8')).include;
}

/** Tests never reach dist/, so editing one leaves the build current. */
export function isTestFile(name) {
  return /\.test\.[cm]?[jt]s$/.test(name);
}

export function isBuildCurrent() {
  let startedAt;
  try {
    startedAt = JSON.parse(readFileSync(STAMP, 'utf8')).startedAt;
  } catch {
    return false;
  }
  if (typeof startedAt !== 'number') return false;
  const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'].map((f) =>
    join(ROOT, f),
  );
  for (const folder of sourceFolders()) inputs.push(join(ROOT, folder));
  return inputs.every((path) => unchangedSince(path, startedAt));
}

// A folder's own mtime moves when an entry is added, removed or renamed, so deletions count too.
function unchangedSince(path, since) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return true; // a folder the build lists but this checkout does not have yet
  }
  if (stat.mtimeMs > since) return false;
  if (!stat.isDirectory()) return true;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isFile() && isTestFile(entry.name)) continue;
    if (!unchangedSince(join(path, entry.name), since)) return false;
  }
  return true;
}
