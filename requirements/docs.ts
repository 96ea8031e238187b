import { REQUIREMENTS, requirementArea, type RequirementArea, type RequirementId } from './index.ts';
import type { Party, Requirement } from './types.ts';

/**
 * docs/requirements.md, rendered from the catalogue: one table per party and area (ID, clause and the
 * title in en, kk and ru), then every requirement in full. `npm run docs:requirements` writes it and
 * docs.test.ts fails when the file is not what this renders.
 */

export const REQUIREMENTS_DOC_PATH = 'docs/requirements.md';

const PARTIES: readonly { party: Party; heading: string; intro: string }[] = [
  {
    party: 'integrator',
    heading: 'Binds the integrator',
    intro:
      "What the initiator's or operator's own system and its Smart Bridge application must do: what a conformance report to the authorized body lists.",
  },
  {
    party: 'platform',
    heading: 'Binds the platform',
    intro:
      'What SHEP, the state service, its data services, the SMS gateway, the 1414 contact center and Smart Bridge must do: what the mocks do, as the real systems would.',
  },
  {
    party: 'harness',
    heading: 'Binds the harness',
    intro:
      'Features of this tool itself (the environment API, fault injection, the exchange journal, in-process use through msw): what an integrator may rely on when it runs the tool, never part of a report.',
  },
];

// In the order the docs list them. INIT is named before its first requirement lands
// (requirements/profile/initiator.ts) so that adding one needs no edit here.
const AREAS: readonly (readonly [RequirementArea | 'INIT', string])[] = [
  ['RULES', 'The Rules (order 236/НҚ)'],
  ['INIT', "T-INIT: the initiator's system"],
  ['SHEP', 'T-SHEP: the SHEP gateway (SyncChannel v10)'],
  ['KDP', 'T-KDP: the state service and its data services'],
  ['SMS', 'T-SMS: the SMS gateway of Mobile government'],
  ['1414', 'T-1414: the 1414 contact center'],
  ['SB', 'T-SB: Smart Bridge'],
  ['ENV', 'T-ENV: the environment itself'],
];

const BASIS: Readonly<Record<Requirement['basis'], string>> = {
  rules: "the Rules' own words",
  observed: 'what public integrator code shows of the real system (REAL-SYSTEMS.md)',
  standard: 'a standard (SOAP 1.1, WS-I, RFC …)',
  profile: "the project's documented choice where the public record is silent (docs/profile.md)",
};

/** Text for Markdown: no HTML tags out of <requestId>, no emphasis out of a lone `*`. */
function inline(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('*', '\\*');
}

function cell(text: string): string {
  return inline(text).replaceAll('|', '\\|');
}

function anchor(id: RequirementId): string {
  return `req-${id.toLowerCase().replaceAll('.', '-')}`;
}

function areaOf(r: Requirement<RequirementId>): RequirementArea {
  return requirementArea(r.id);
}

function table(rows: readonly Requirement<RequirementId>[]): string[] {
  return [
    '| ID | Clause | Title | Атауы | Название |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| [${r.id}](#${anchor(r.id)}) | ${cell(r.clause)} | ${cell(r.title.en)} | ${cell(r.title.kk)} | ${cell(r.title.ru)} |`,
    ),
  ];
}

function inFull(r: Requirement<RequirementId>): string[] {
  const facts = [
    r.basis === 'rules' ? `clause ${r.clause} of the Rules` : `written down in ${inline(r.clause)}`,
    `basis: ${r.basis}`,
    `binds: ${r.binds.join(', ')}`,
    ...(r.rule ? [`makes concrete: [${r.rule}](#${anchor(r.rule)})`] : []),
  ];
  return [
    `<a id="${anchor(r.id)}"></a>`,
    '',
    `### ${r.id} — ${inline(r.title.en)}`,
    '',
    facts.join(' · '),
    '',
    `- **en** ${inline(r.text.en)}`,
    `- **kk** ${inline(r.title.kk)}. ${inline(r.text.kk)}`,
    `- **ru** ${inline(r.title.ru)}. ${inline(r.text.ru)}`,
    '',
  ];
}

export function renderRequirementsDoc(requirements: readonly Requirement<RequirementId>[] = REQUIREMENTS): string {
  const byArea = (rows: readonly Requirement<RequirementId>[]) => {
    const unplaced = rows.filter((r) => !AREAS.some(([area]) => area === areaOf(r)));
    if (unplaced.length > 0) throw new Error(`no area heading for ${unplaced.map((r) => r.id).join(', ')}`);
    return AREAS.map(([area, title]) => ({ title, rows: rows.filter((r) => areaOf(r) === area) })).filter(
      (g) => g.rows.length > 0,
    );
  };

  const out: string[] = [
    '# Requirements',
    '',
    '<!-- Generated from requirements/ by `npm run docs:requirements`. Do not edit by hand: a test compares. -->',
    '',
    'Every requirement that code, checks, tests and reports cite, by its typed ID (`RequirementId`,',
    "`requirements/index.ts`). `R…` IDs are the Rules' own (order 236/НҚ of 8 July 2022 as amended by 276/НҚ),",
    'numbered by clause and never renumbered; `T-AREA-N` IDs are the technical profile: how the harness',
    "checks a system beyond the Rules' own words. Titles and texts are in English, Kazakh and Russian.",
    '',
    'A requirement that binds more than one party is listed under each. In code:',
    '`requirement(id)` gives one requirement, `requirementsBinding(party)` the list a report or the',
    'harness needs.',
    '',
    'Basis of a requirement:',
    '',
    ...Object.entries(BASIS).map(([basis, meaning]) => `- \`${basis}\`: ${meaning}`),
    '',
  ];

  for (const { party, heading, intro } of PARTIES) {
    const rows = requirements.filter((r) => r.binds.includes(party));
    out.push(`## ${heading} (${rows.length})`, '', intro, '');
    for (const { title, rows: inArea } of byArea(rows)) out.push(`### ${title}`, '', ...table(inArea), '');
  }

  out.push(`## The requirements in full (${requirements.length})`, '');
  for (const { rows } of byArea(requirements)) for (const r of rows) out.push(...inFull(r));

  return out.join('\n').replace(/\n+$/, '\n');
}
