import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests import the package by its own name (`kdp-conformance/msw`) as a user would. Its exports
// point at the build in dist/; here each subpath goes to its TypeScript source instead, so tests
// never need a build nor see a stale one (tsc maps the same way by itself, through outDir/rootDir).
const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string>;
};
const selfToSource = Object.entries(exports)
  .filter(([, target]) => target.startsWith('./dist/'))
  .map(([subpath, target]) => ({
    find: new RegExp(`^kdp-conformance${subpath.slice(1).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement: new URL(target.replace(/^\.\/dist\//, './').replace(/\.js$/, '.ts'), import.meta.url).pathname,
  }));

export default defineConfig({
  resolve: { alias: selfToSource },
  test: {
    include: ['**/*.test.ts'],
    // .bench holds the peers the bench installs (their packages ship tests of their own).
    exclude: ['node_modules/**', '.scratch/**', 'dist/**', '.bench/**'],
    // Servers under test bind loopback ports and sqlite files; a 2-core CI box is the target.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
