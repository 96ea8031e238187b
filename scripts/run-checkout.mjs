// The command line in a checkout (bin/kdp-conformance.js comes here when scripts/ is present, which
// it never is in an installed package): the build while it is current (its bundle, as installed), else
// the TypeScript source through tsx, so a developer never runs stale code and never has to remember
// to build.
import { existsSync } from 'node:fs';
import { isBuildCurrent } from './build-state.mjs';

if (isBuildCurrent()) {
  const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
  await import(existsSync(bundle) ? bundle.href : '../dist/bin/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../bin/cli.ts');
}
