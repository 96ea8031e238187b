// Builds dist/: tsc emit (JS and .d.ts) with the options of tsconfig.build.json, from the sources of
// package.json's `exports` and the command line (build-state.mjs), then the data files the code
// reads at run time (calendars, test keys) copied beside it, then the command line bundled
// (bundle.mjs, dist/bundle/). Skips the work when dist/ is
// already the build of the current sources, unless `--force`. Runs as `prepare`, so `npm ci` on a
// fresh clone and `npm pack` build by themselves.
//
// The new build is written to a folder of its own and swapped in whole, so a process running from
// dist/ meanwhile never sees half a build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildEntries, DIST, isBuildCurrent, isTestFile, ROOT, sourceFolders, STAMP_NAME } from './build-state.mjs';
import { bundleCli } from './bundle.mjs';

// Vectors are the codecs' test inputs (docs/protocol.md), never read by the package's code.
const TEST_DATA_DIRS = new Set(['__snapshots__', 'vectors']);

const force = process.argv.includes('--force');
if (!force && isBuildCurrent()) {
  process.stdout.write(
    'kdp-conformance: dist/ is the build of the current sources (npm run build rebuilds it anyway)\n',
  );
  process.exit(0);
}

const startedAt = Date.now();
const next = join(ROOT, `dist.next-${process.pid}`);
rmSync(next, { recursive: true, force: true });

// The entries go to tsc as the `files` of a config that extends tsconfig.build.json.
const project = join(ROOT, '.scratch', `tsconfig.build-${process.pid}.json`);
mkdirSync(dirname(project), { recursive: true });
writeFileSync(
  project,
  JSON.stringify({ extends: '../tsconfig.build.json', files: buildEntries().map((entry) => `../${entry}`) }),
);
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', next], { cwd: ROOT, stdio: 'inherit' });
rmSync(project, { force: true });
if (r.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('kdp-conformance: the build failed (tsc, above).\n');
  process.exit(r.status ?? 1);
}

let assets = 0;
let bundled = 0;
try {
  // Beside the code of each folder the build reached, the folder's data files.
  for (const folder of sourceFolders()) {
    if (existsSync(join(next, folder))) assets += copyAssets(join(ROOT, folder), join(next, folder));
  }
  // The command line as one bundle beside the tree (bundle.mjs), for a fast start.
  bundled = await bundleCli(next, ROOT);
  writeFileSync(join(next, STAMP_NAME), JSON.stringify({ startedAt }) + '\n');
  rmSync(DIST, { recursive: true, force: true });
  renameSync(next, DIST);
} catch (err) {
  rmSync(next, { recursive: true, force: true });
  throw err;
}
process.stdout.write(
  `kdp-conformance: built dist/ in ${Date.now() - startedAt} ms (${assets} data files, the command line bundled in ${bundled} files)\n`,
);

/**
 * Everything but code, tests and test data: the data the code reads with fs or imports as JSON. A
 * subfolder comes along when tsc emitted code into it, or when it holds no TypeScript at all (data
 * beside the code, such as calendars or keys); a folder of code the build never reached does not.
 */
function copyAssets(from, to) {
  let entries;
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch {
    return 0;
  }
  let copied = 0;
  for (const entry of entries) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) {
      if (TEST_DATA_DIRS.has(entry.name)) continue;
      if (existsSync(join(to, entry.name)) || !holdsTypeScript(source)) {
        copied += copyAssets(source, join(to, entry.name));
      }
    } else if (entry.isFile() && !/\.([cm]?[jt]s|snap)$/.test(entry.name) && !isTestFile(entry.name)) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
      copied++;
    }
  }
  return copied;
}

function holdsTypeScript(dir) {
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? holdsTypeScript(join(dir, e.name)) : /\.[cm]?ts$/.test(e.name),
  );
}
