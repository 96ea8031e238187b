import { REQUIREMENTS, type Localized, type Requirement } from '../requirements/index.ts';

/**
 * The report's view of the requirement catalogue (requirements/): every cited ID resolved to a
 * Requirement with its title and text in kk, ru and en, and whom it binds. Reports take a
 * `Catalogue` so that tests can pin their own.
 */
export interface Catalogue {
  get(id: string): Requirement | undefined;
  /** Every requirement it knows, in catalogue order, for coverage (what the run did not exercise). */
  all(): readonly Requirement[];
}

/** A catalogue of the given requirements (tests pin their own). */
export function catalogueOf(requirements: readonly Requirement[]): Catalogue {
  const byId = new Map(requirements.map((r) => [r.id, r]));
  return { get: (id) => byId.get(id), all: () => requirements };
}

/** Fills a language still missing from English (or from whichever language is there). */
export function localized(value: Partial<Localized> | undefined, fallback: string): Localized {
  const en = value?.en || value?.ru || value?.kk || fallback;
  return { kk: value?.kk || en, ru: value?.ru || en, en };
}

let cached: Catalogue | undefined;

/** The project's catalogue. */
export function defaultCatalogue(): Catalogue {
  cached ??= catalogueOf(REQUIREMENTS);
  return cached;
}

/** Only what binds the integrator appears in a report; the harness's and platform's own duties never do. */
export function bindsIntegrator(r: Requirement | undefined): boolean {
  return r !== undefined && r.binds.includes('integrator');
}
