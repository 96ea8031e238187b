import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KDP_ERRORS } from './errors.ts';
import { DEFAULT_KDP_PROFILE } from './profile.ts';
import { KDP_REQUIREMENTS } from '../../requirements/profile/kdp.ts';

const doc = readFileSync(new URL('../../docs/kdp.md', import.meta.url), 'utf8');

describe('docs/kdp.md stays in step with the code', () => {
  it.each(Object.keys(KDP_ERRORS))('lists error code %s', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });

  it('lists no code the code does not have', () => {
    const listed = [...doc.matchAll(/^\| `(KDP-\d{3})` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(KDP_ERRORS).sort());
  });

  it.each(KDP_REQUIREMENTS.map((r) => r.id))('cites %s', (id) => {
    expect(doc).toMatch(new RegExp(`${id}\\b`));
  });

  it('states the profile version and the expiresIn unit the code uses', () => {
    expect(doc).toContain(`\`${DEFAULT_KDP_PROFILE.version}\``);
    expect(DEFAULT_KDP_PROFILE.expiresIn.unit).toBe('s');
    expect(doc).toContain('read in seconds');
  });
});
