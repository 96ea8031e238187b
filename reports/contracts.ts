import { basename } from 'node:path';
import type { ContractResults } from '../contracts/results.ts';
import { bindsIntegrator, localized, type Catalogue } from './catalogue.ts';
import type { Masker } from './mask.ts';
import type { ReportContractInteraction, ReportContracts, ReportPact, Verdict } from './model.ts';

/**
 * The report's contract section (issue 11 item 5): the integrator's own consumer pacts as
 * `contracts verify` judged them against the mock, each interaction under the integrator-binding
 * requirements it exercises. Every text a pact carries is the integrator's (recorded requests,
 * mismatch values), so it is masked as evidence is.
 */
export function contractsSection(
  results: readonly ContractResults[],
  catalogue: Catalogue,
  masker: Masker,
): ReportContracts {
  const pacts: ReportPact[] = results.map((r) => {
    const prefix = `${r.pact.consumer}→${r.pact.provider}`;
    const interactions: ReportContractInteraction[] = r.interactions.map((i, n) => ({
      id: `${prefix}#${n + 1}`,
      description: masker.text(i.description),
      providerStates: i.providerStates.map((s) => ({
        name: masker.text(s.name),
        ...(s.params ? { params: masker.value(s.params) } : {}),
      })),
      status: i.status,
      mismatches: i.mismatches.map((m) => ({
        kind: m.kind,
        ...(m.path !== undefined ? { path: masker.text(m.path) } : {}),
        ...(m.expected !== undefined ? { expected: masker.text(m.expected) } : {}),
        ...(m.actual !== undefined ? { actual: masker.text(m.actual) } : {}),
        message: masker.text(m.message),
      })),
      requirements: [...new Set(i.requirements)].filter((id) => bindsIntegrator(catalogue.get(id))),
      ...(i.outcome !== undefined ? { outcome: masker.text(i.outcome) } : {}),
      ...(i.outcomeMessage !== undefined ? { outcomeMessage: masker.text(i.outcomeMessage) } : {}),
      ...(i.replay ? { replay: { at: i.replay.at, note: masker.text(i.replay.note) } } : {}),
      ...(i.substituted !== undefined ? { substituted: i.substituted } : {}),
    }));
    return {
      consumer: masker.text(r.pact.consumer),
      provider: masker.text(r.pact.provider),
      ...(r.pact.file ? { file: masker.text(basename(r.pact.file)) } : {}),
      ...(r.pact.specification ? { specification: r.pact.specification } : {}),
      verifiedAt: r.verifiedAt,
      status: r.status,
      ...(r.refused !== undefined ? { refused: masker.text(r.refused) } : {}),
      interactions,
    };
  });
  // Ids are made from the pact's own names, which two pacts may share: number them apart.
  const seen = new Set<string>();
  for (const p of pacts)
    for (const i of p.interactions) {
      let id = i.id;
      for (let n = 2; seen.has(id); n++) id = `${i.id}.${n}`;
      seen.add((i.id = id));
    }

  const all = pacts.flatMap((p) => p.interactions);
  const order = catalogue.all().map((r) => r.id);
  const cited = [...new Set(all.flatMap((i) => i.requirements))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const requirements = cited.map((id) => {
    const r = catalogue.get(id)!;
    const mine = all.filter((i) => i.requirements.includes(id));
    return {
      id,
      clause: r.clause,
      title: localized(r.title, id),
      status: mine.some((i) => i.status === 'FAILED') ? ('FAILED' as const) : ('PASSED' as const),
      interactions: mine.map((i) => i.id),
    };
  });
  const failed = all.filter((i) => i.status === 'FAILED').length;
  const refused = pacts.filter((p) => p.status === 'REFUSED').length;
  return {
    status: failed > 0 ? 'FAILED' : refused > 0 ? 'REFUSED' : 'PASSED',
    summary: { pacts: pacts.length, interactions: all.length, passed: all.length - failed, failed, refused },
    pacts,
    requirements,
    unmapped: all.filter((i) => i.requirements.length === 0).map((i) => i.id),
  };
}

/**
 * The verdict with the contracts weighed in: an interaction the state service would not honour is
 * a failure of the integrator's expectations; a pact that was not run leaves the report incomplete.
 */
export function withContracts(verdict: Verdict, contracts: ReportContracts | undefined): Verdict {
  if (!contracts) return verdict;
  if (contracts.status === 'FAILED') return 'FAILED';
  if (contracts.status === 'REFUSED' && verdict === 'PASSED') return 'INCOMPLETE';
  return verdict;
}

/** Every text of the pacts, for learning people's names before masking. */
export function contractTexts(results: readonly ContractResults[]): unknown[] {
  return results
    .flatMap((r) =>
      r.interactions.flatMap((i) => [
        i.description,
        i.providerStates,
        ...i.mismatches.flatMap((m) => [m.expected, m.actual, m.message]),
        i.outcomeMessage,
      ]),
    )
    .filter((x) => x !== undefined);
}
