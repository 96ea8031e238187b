import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROFILE_REQUIREMENTS, RULES_REQUIREMENT_IDS, isKnownRequirement, type ProfileRequirement } from './index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** IDs cited in test and suite titles: it('R7.5 …'), describe('T-SHEP-3 …'). */
function citedIds(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const title = /\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:(?!\1).)*)\1/g;
  for (const file of testFiles(ROOT)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(title)) {
      for (const id of m[2]!.match(/\b(?:T-[A-Z0-9]+-\d+|R\d+(?:\.\d+)?)\b/g) ?? []) {
        cited.set(id, [...(cited.get(id) ?? []), relative(ROOT, file)]);
      }
    }
  }
  return cited;
}

describe('the requirement catalogue', () => {
  it('has unique, well-formed profile IDs', () => {
    const ids = PROFILE_REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^T-[A-Z0-9]+-\d+$/);
  });

  it('ties every profile requirement that makes a rule concrete to a rule of RULES.md', () => {
    for (const r of PROFILE_REQUIREMENTS as readonly ProfileRequirement[])
      if (r.rule) expect(RULES_REQUIREMENT_IDS).toContain(r.rule);
  });

  it('knows every ID a test title cites (no check proves a requirement that does not exist)', () => {
    const unknown = [...citedIds()]
      .filter(([id]) => !isKnownRequirement(id))
      .map(([id, files]) => `${id} in ${[...new Set(files)].join(', ')}`);
    expect(unknown).toEqual([]);
  });

  it('has a test citing every requirement of the Rules and of the profile', () => {
    const cited = citedIds();
    const uncovered = [...RULES_REQUIREMENT_IDS, ...PROFILE_REQUIREMENTS.map((r) => r.id)].filter(
      (id) => !cited.has(id),
    );
    expect(uncovered).toEqual([]);
  });
});
