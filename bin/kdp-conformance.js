#!/usr/bin/env node
// Runs the built command line (dist/bin/cli.js), all an installed package has. A checkout also has
// the TypeScript source and scripts/: there scripts/run-checkout.mjs picks the build while it is
// current, the source through tsx once it has changed. Node 22.12 still keeps node:sqlite behind a
// flag: re-run with it there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `kdp-conformance needs Node.js >= 22.12 (this is ${process.versions.node}); run it through npm or npx in the project, which use the pinned Node 24.`,
  );
  process.exit(1);
}
const needsFlag = major === 22 && minor < 13 && !process.execArgv.includes('--experimental-sqlite');
if (needsFlag) {
  const r = spawnSync(
    process.execPath,
    ['--experimental-sqlite', '--no-warnings', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}
const checkout = new URL('../scripts/run-checkout.mjs', import.meta.url);
await import(existsSync(checkout) ? checkout.href : '../dist/bin/cli.js');
