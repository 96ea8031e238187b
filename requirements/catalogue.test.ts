import { describe, expect, it } from 'vitest';
import {
  PROFILE_REQUIREMENTS,
  REQUIREMENTS,
  RULES_REQUIREMENTS,
  RULES_REQUIREMENT_IDS,
  findRequirement,
  isRequirementId,
  requirement,
  requirementArea,
  requirementsBinding,
  type Party,
} from './index.ts';

const LANGUAGES = ['kk', 'ru', 'en'] as const;
const PARTIES: readonly Party[] = ['integrator', 'platform', 'harness'];
/** Letters of Kazakh Cyrillic that Russian has not: a Russian copy cannot pass as Kazakh. */
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;
const CYRILLIC = /[а-яё]/i;

describe('every requirement of the catalogue', () => {
  it('has a unique, well-formed ID: R<clause>[.<sub>] for the Rules, T-AREA-N for the profile', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES_REQUIREMENTS) expect(r.id).toMatch(/^R\d+(\.\d+)?$/);
    for (const r of PROFILE_REQUIREMENTS) expect(r.id).toMatch(/^T-[A-Z0-9]+-[1-9]\d*$/);
  });

  it('holds every Rules ID of RULES.md, in the stable order of the ID list', () => {
    expect(RULES_REQUIREMENTS.map((r) => r.id)).toEqual([...RULES_REQUIREMENT_IDS]);
  });

  it.each(REQUIREMENTS.map((r) => [r.id, r] as const))(
    '%s has a title and a text in kk, ru and en, each its own',
    (id, r) => {
      for (const field of ['title', 'text'] as const) {
        for (const lang of LANGUAGES) {
          const value = r[field][lang];
          expect(value.trim(), `${id} ${field}.${lang}`).not.toBe('');
          expect(value, `${id} ${field}.${lang} has stray whitespace`).toBe(value.trim());
        }
        expect(r[field].kk, `${id} ${field}: kk is a copy of ru`).not.toBe(r[field].ru);
        expect(r[field].ru, `${id} ${field}.ru is not Russian`).toMatch(CYRILLIC);
        expect(r[field].en, `${id} ${field}.en is not English`).toMatch(/[a-z]/i);
      }
      expect(r.text.kk, `${id} text.kk has no Kazakh-specific letter`).toMatch(KAZAKH_LETTERS);
      expect(r.title.kk, `${id} title.kk has no Kazakh-specific letter`).toMatch(KAZAKH_LETTERS);
      expect(r.clause.trim(), `${id} clause`).not.toBe('');
    },
  );

  it('names a basis and whom it binds: the Rules by their own words, the profile by what it rests on', () => {
    for (const r of REQUIREMENTS) {
      expect(r.binds.length, r.id).toBeGreaterThan(0);
      expect(new Set(r.binds).size, `${r.id} binds a party twice`).toBe(r.binds.length);
      for (const p of r.binds) expect(PARTIES, r.id).toContain(p);
      if (r.id.startsWith('R')) {
        expect(r.basis, r.id).toBe('rules');
        expect(r.rule, `${r.id} is a rule itself`).toBeUndefined();
      } else {
        expect(['observed', 'standard', 'profile'], r.id).toContain(r.basis);
        if (r.rule) expect(RULES_REQUIREMENT_IDS, r.id).toContain(r.rule);
      }
    }
  });
});

describe('looking requirements up', () => {
  it('finds a requirement by its typed ID, and an untyped one only when it exists', () => {
    expect(requirement('R7.5').title.ru).toBe('Способ 5: SMS через «Мобильное правительство»');
    expect(requirement('T-KDP-8').rule).toBe('R10.2');
    expect(findRequirement('R7.5')).toBe(requirement('R7.5'));
    expect(findRequirement('R7.9')).toBeUndefined();
    expect(isRequirementId('T-SHEP-11')).toBe(true);
    expect(isRequirementId('T-SHEP-99')).toBe(false);
    expect(() => requirement('R7.9' as never)).toThrow(/R7\.9/);
  });

  it("lists for a report only the integrator's duties, not the authorized body's nor the tool's", () => {
    const ids = requirementsBinding('integrator').map((r) => r.id);
    expect(ids).toContain('R11');
    expect(ids).toContain('T-KDP-8');
    expect(ids).not.toContain('R9');
    expect(ids).not.toContain('R5.6');
    expect(ids.filter((id) => id.startsWith('T-ENV') || id.startsWith('T-SHEP'))).toEqual([]);
  });

  it('lists what binds the harness: the environment and the tool features of each area', () => {
    const ids = requirementsBinding('harness').map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['T-ENV-1', 'T-ENV-5', 'T-KDP-17', 'T-SHEP-9', 'T-SMS-10']));
    expect(ids.filter((id) => id.startsWith('R'))).toEqual([]);
  });

  it('keeps catalogue order and lists a requirement under every party it binds', () => {
    const order = REQUIREMENTS.map((r) => r.id);
    for (const party of PARTIES) {
      const listed = requirementsBinding(party).map((r) => r.id);
      expect(listed).toEqual(order.filter((id) => requirement(id).binds.includes(party)));
    }
    const everyone = new Set(PARTIES.flatMap((p) => requirementsBinding(p).map((r) => r.id)));
    expect(everyone.size).toBe(REQUIREMENTS.length);
  });

  it('names the area of an ID', () => {
    expect(requirementArea('R10.2')).toBe('RULES');
    expect(requirementArea('T-1414-3')).toBe('1414');
    expect(requirementArea('T-SB-10')).toBe('SB');
  });
});
