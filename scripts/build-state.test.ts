import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildEntries, isBuildCurrent, sourceFolders } from './build-state.mjs';

let root: string;
const BUILT_AT = Date.now() - 60_000;

/** Sets a file's mtime: "edited" after the build or "untouched" before it. */
function touch(path: string, when: 'after' | 'before'): void {
  const at = (when === 'after' ? BUILT_AT + 10_000 : BUILT_AT - 10_000) / 1000;
  utimesSync(join(root, path), at, at);
}

function write(path: string, text = ''): void {
  writeFileSync(join(root, path), text);
  touch(path, 'before');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kdp-build-state-'));
  for (const dir of ['mocks', 'fixtures', 'fixtures/keys', 'e2e', 'docs', 'dist', 'node_modules']) {
    mkdirSync(join(root, dir));
  }
  write(
    'package.json',
    JSON.stringify({
      exports: {
        '.': './dist/mocks/index.js',
        './fixtures': './dist/fixtures/index.js',
        './package.json': './package.json',
      },
    }),
  );
  write('mocks/index.ts');
  write('fixtures/index.ts');
  write('fixtures/index.test.ts');
  write('fixtures/keys/pool.json', '{}');
  write('e2e/up.e2e.test.ts');
  write('docs/guide.md');
  writeFileSync(join(root, 'dist', '.build.json'), JSON.stringify({ startedAt: BUILT_AT }));
  for (const dir of ['mocks', 'fixtures', 'fixtures/keys', 'e2e', 'docs', 'dist', 'node_modules']) touch(dir, 'before');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildEntries and sourceFolders', () => {
  it('start the build from the source of every exports target and the modules started by path', () => {
    expect(buildEntries(root)).toEqual(['mocks/index.ts', 'fixtures/index.ts']);
    mkdirSync(join(root, 'bin'));
    write('bin/cli.ts');
    expect(buildEntries(root)).toEqual(['mocks/index.ts', 'fixtures/index.ts', 'bin/cli.ts']);
  });

  it('take every top-level folder but dependencies, the build, docs, tests, examples and scripts', () => {
    mkdirSync(join(root, 'protocol'));
    mkdirSync(join(root, '.scratch'));
    mkdirSync(join(root, 'dist.next-1'));
    expect(sourceFolders(root).sort()).toEqual(['fixtures', 'mocks', 'protocol']);
  });
});

describe('isBuildCurrent', () => {
  it('holds while nothing the build reads has changed since it started', () => {
    expect(isBuildCurrent(root)).toBe(true);
  });

  it('fails without a build, or with a stamp it cannot read', () => {
    unlinkSync(join(root, 'dist', '.build.json'));
    expect(isBuildCurrent(root)).toBe(false);
    writeFileSync(join(root, 'dist', '.build.json'), '{"startedAt":"yesterday"}');
    expect(isBuildCurrent(root)).toBe(false);
  });

  it('fails once a source, a data file deep down or package.json is edited', () => {
    for (const path of ['mocks/index.ts', 'fixtures/keys/pool.json', 'package.json']) {
      touch(path, 'after');
      expect(isBuildCurrent(root), path).toBe(false);
      touch(path, 'before');
    }
  });

  it('fails once a source file is added or removed (the folder changes)', () => {
    touch('mocks', 'after');
    expect(isBuildCurrent(root)).toBe(false);
  });

  it('ignores tests, e2e and docs, which never reach dist/', () => {
    touch('fixtures/index.test.ts', 'after');
    touch('e2e/up.e2e.test.ts', 'after');
    touch('e2e', 'after');
    touch('docs/guide.md', 'after');
    expect(isBuildCurrent(root)).toBe(true);
  });
});
