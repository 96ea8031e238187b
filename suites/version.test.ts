import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_VERSION as MOCKS_PROFILE_VERSION } from '../mocks/profile.ts';
import { HARNESS_VERSION, PROFILE_VERSION } from './runner.ts';
import { packageVersion } from './version.ts';

describe('the versions a run result carries', () => {
  it("are the package's and the profile's own, not copies typed twice", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(pkg.version);
    expect(HARNESS_VERSION).toBe(pkg.version);
    expect(PROFILE_VERSION).toBe(MOCKS_PROFILE_VERSION);
  });
});
