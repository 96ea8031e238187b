import { describe, expect, it } from 'vitest';
import { isRequirementId } from '../../requirements/index.ts';
import { PLANS } from '../../suites/plans/index.ts';
import { globMatches } from '../../suites/runner.ts';
import { KNOWN_DEFECTS } from '../reference-initiator/defects.ts';
import { modulesFor, PASSIVE_MODULE, ZOO } from './zoo.ts';

const moduleOf = (plan: string, module: string) =>
  PLANS.find((p) => p.name === plan)?.modules.find((m) => m.name === module);

describe('the zoo of broken initiators, as declared', () => {
  it('holds at least 25 broken initiators, one per declared defect of the reference, each once', () => {
    expect(ZOO.length).toBeGreaterThanOrEqual(25);
    expect(ZOO.map((b) => b.defect).sort()).toEqual([...KNOWN_DEFECTS].sort());
  });

  it('declares each catch on a module and check the harness has, citing a requirement of the catalogue', () => {
    for (const b of ZOO) {
      expect(isRequirementId(b.requirement), b.defect).toBe(true);
      const m = moduleOf(b.caughtBy.plan, b.caughtBy.module);
      expect(m, `${b.defect}: ${b.caughtBy.plan}/${b.caughtBy.module}`).toBeDefined();
      // The module cites the check under the declared requirement: a catch elsewhere would not count.
      expect(m!.cites, b.defect).toContainEqual({ check: b.caughtBy.check, requirement: b.requirement });
      expect(b.mistake.length, b.defect).toBeGreaterThan(20);
    }
  });

  it('covers every plan of the harness', () => {
    const plans = new Set(ZOO.map((b) => b.caughtBy.plan));
    const drivenPlans = new Set(ZOO.flatMap((b) => modulesFor(b).map((g) => g.split('/')[0])));
    for (const p of PLANS) expect(plans.has(p.name) || drivenPlans.has(p.name), p.name).toBe(true);
    expect(plans.size).toBe(PLANS.length);
  });

  it('runs, for each, modules the runner can select (the passive checks included), the declared one among them', () => {
    for (const b of ZOO) {
      const glob = modulesFor(b).join(',');
      const selected = PLANS.flatMap((p) => p.modules.filter((m) => globMatches(glob, p.name, m.name)));
      expect(selected.length, b.defect).toBe(modulesFor(b).length);
      expect(globMatches(glob, b.caughtBy.plan, b.caughtBy.module), b.defect).toBe(true);
      expect(modulesFor(b)).toContain(PASSIVE_MODULE);
      // The passive module runs only after a driven one of its environment.
      expect(
        selected.some((m) => !m.last),
        b.defect,
      ).toBe(true);
    }
  });
});
