import {
  PROFILE_REQUIREMENTS,
  RULES_REQUIREMENT_IDS,
  type Localized,
  type Party,
  type Requirement,
} from '../requirements/index.ts';

/**
 * The report's view of the requirement catalogue: every cited ID resolved to a full Requirement with
 * titles and texts in kk, ru and en. The catalogue is being completed (translations, `binds`) while
 * the report is written, so this reads whatever shape an entry has today and falls back to English
 * where a language is still missing. Reports take a `Catalogue` so tests can pin their own.
 */
export interface Catalogue {
  get(id: string): Requirement | undefined;
  /** Every requirement it knows, for coverage (what the run did not exercise). */
  all(): readonly Requirement[];
}

/** A catalogue of the given requirements (tests pin their own). */
export function catalogueOf(requirements: readonly Requirement[]): Catalogue {
  const byId = new Map(requirements.map((r) => [r.id, r]));
  return { get: (id) => byId.get(id), all: () => requirements };
}

type Entry = {
  id: string;
  clause?: string;
  title?: string | Partial<Localized>;
  text?: string | Partial<Localized>;
  binds?: readonly Party[];
  basis?: Requirement['basis'];
  rule?: string;
};

/** Fills missing languages from English (or from whichever language is present). */
export function localized(value: string | Partial<Localized> | undefined, fallback: string): Localized {
  if (typeof value === 'string') return { kk: value, ru: value, en: value };
  const en = value?.en || value?.ru || value?.kk || fallback;
  return { kk: value?.kk || en, ru: value?.ru || en, en };
}

/** The clause of order 236/НҚ an ID of the Rules names: 'R7.5' is clause 7.5, 'R2.8' clause 2.8. */
function rulesClause(id: string): string {
  return id.slice(1);
}

function rulesTitle(id: string): Localized {
  const clause = rulesClause(id);
  return {
    kk: `№ 236/НҚ бұйрықпен бекітілген Қағидалардың ${clause}-тармағы`,
    ru: `Пункт ${clause} Правил, утверждённых приказом № 236/НҚ`,
    en: `Clause ${clause} of the Rules approved by order No 236/НҚ`,
  };
}

export function toRequirement(entry: Entry, basis: Requirement['basis']): Requirement {
  const title = localized(entry.title, entry.id);
  return {
    id: entry.id,
    clause: entry.clause ?? (basis === 'rules' ? rulesClause(entry.id) : ''),
    title,
    text: localized(entry.text, title.en),
    // A draft names no party when the mocks carry it (the platform's duty): the catalogue's own default.
    binds: entry.binds ?? (basis === 'rules' ? ['integrator'] : ['platform']),
    basis: entry.basis ?? basis,
    ...(entry.rule ? { rule: entry.rule } : {}),
  };
}

let cached: Catalogue | undefined;

/** The project's catalogue (requirements/) as the report reads it. */
export function defaultCatalogue(): Catalogue {
  if (!cached) {
    const all = PROFILE_REQUIREMENTS as readonly Entry[];
    const rules = RULES_REQUIREMENT_IDS.map((id) =>
      toRequirement(all.find((r) => r.id === id) ?? { id, title: rulesTitle(id) }, 'rules'),
    );
    const profile = all.filter((r) => !rules.some((x) => x.id === r.id)).map((r) => toRequirement(r, 'profile'));
    cached = catalogueOf([...rules, ...profile]);
  }
  return cached;
}

/** Only what binds the integrator appears in a report; the harness's and platform's own duties never do. */
export function bindsIntegrator(r: Requirement | undefined): boolean {
  return r !== undefined && r.binds.includes('integrator');
}
