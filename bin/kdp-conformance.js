#!/usr/bin/env node
// Runs the built command line, all an installed package has: its bundle (dist/bundle/cli.js, which
// starts `up` fastest), or dist/bin/cli.js without one. A checkout also has the TypeScript source and
// scripts/: there scripts/run-checkout.mjs picks the build while it is current, the source through
// tsx once it has changed. Node 22.13 is the first with node:sqlite unflagged and with what the
// store uses of it (user functions, statement iteration).
import { existsSync } from 'node:fs';
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `kdp-conformance needs Node.js >= 22.13 (this is ${process.versions.node}); run it through npm or npx in the project, which use the pinned Node 24.`,
  );
  process.exit(1);
}
// V8 keeps the code it compiled for the modules below (in node's default folder under the OS temp
// directory, or $NODE_COMPILE_CACHE), so the next start skips compiling them. A folder it cannot
// write only costs that speed-up.
try {
  module.enableCompileCache?.();
} catch {
  // no cache: slower, not wrong
}
const checkout = new URL('../scripts/run-checkout.mjs', import.meta.url);
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
await import(existsSync(checkout) ? checkout.href : existsSync(bundle) ? bundle.href : '../dist/bin/cli.js');
