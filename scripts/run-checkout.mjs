// The command line in a checkout (bin/kdp-conformance.js comes here when scripts/ is present, which
// it never is in an installed package): the build while it is current, else the TypeScript source
// through tsx, so a developer never runs stale code and never has to remember to build.
import { isBuildCurrent } from './build-state.mjs';

if (isBuildCurrent()) {
  await import('../dist/bin/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../bin/cli.ts');
}
