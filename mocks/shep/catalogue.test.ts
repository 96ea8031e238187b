import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHEP_ERRORS, shepErrorByCode } from './soap-faults.ts';
import { SHEP_REQUIREMENTS, shepRequirement } from '../../requirements/profile/shep.ts';

const docs = readFileSync(new URL('../../docs/shep.md', import.meta.url), 'utf8');

describe('the catalogues and docs/shep.md stay in step', () => {
  it('documents every error code with its faultcode and HTTP status', () => {
    for (const d of Object.values(SHEP_ERRORS)) {
      const row = docs.split('\n').find((l) => l.startsWith(`| \`${d.code}\``));
      expect(row, d.code).toBeDefined();
      expect(row).toContain(`| ${d.faultcode} | ${d.httpStatus} |`);
    }
  });

  it('documents every T-SHEP requirement, and every requirement an error cites exists', () => {
    for (const r of SHEP_REQUIREMENTS) expect(docs, r.id).toContain(`| ${r.id} |`);
    for (const d of Object.values(SHEP_ERRORS)) {
      expect(d.requirement === 'R12' || shepRequirement(d.requirement) !== undefined, d.requirement).toBe(true);
    }
  });

  it('has unique, well-formed requirement IDs and finds errors by code', () => {
    const ids = SHEP_REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id, i) => expect(id).toBe(`T-SHEP-${i + 1}`));
    expect(shepErrorByCode('EDUP001')).toBe(SHEP_ERRORS.DUPLICATE_MESSAGE);
    expect(shepErrorByCode('SCSS001')).toBeUndefined();
  });
});
