import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS_DOC_PATH, renderRequirementsDoc } from './docs.ts';
import { REQUIREMENTS, requirement, requirementsBinding, type Party } from './index.ts';

const rendered = renderRequirementsDoc();

/** The IDs listed in the tables of one party's section. */
function listedUnder(heading: string): string[] {
  const start = rendered.indexOf(`\n## ${heading} (`);
  const end = rendered.indexOf('\n## ', start + 1);
  return [...rendered.slice(start, end).matchAll(/^\| \[([^\]]+)\]\(#/gm)].map((m) => m[1]!);
}

describe(REQUIREMENTS_DOC_PATH, () => {
  it('is what the catalogue renders (run `npm run docs:requirements` after changing requirements/)', () => {
    const onDisk = readFileSync(fileURLToPath(new URL(`../${REQUIREMENTS_DOC_PATH}`, import.meta.url)), 'utf8');
    expect(onDisk === rendered, 'docs/requirements.md is stale: run `npm run docs:requirements`').toBe(true);
  });

  it.each<[Party, string]>([
    ['integrator', 'Binds the integrator'],
    ['platform', 'Binds the platform'],
    ['harness', 'Binds the harness'],
  ])('lists under its party exactly the requirements binding the %s', (party, heading) => {
    expect(listedUnder(heading).sort()).toEqual(
      requirementsBinding(party)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('gives every requirement in full once, with its texts in the three languages', () => {
    for (const r of REQUIREMENTS) {
      expect(rendered.split(`\n### ${r.id} — `).length - 1, r.id).toBe(1);
      const section = rendered.slice(rendered.indexOf(`\n### ${r.id} — `)).split('\n<a id=')[0]!;
      for (const lang of ['en', 'kk', 'ru'] as const) expect(section, `${r.id} ${lang}`).toContain(`- **${lang}** `);
    }
  });

  it('escapes what Markdown would swallow: element names stay visible, a pipe does not split a cell', () => {
    expect(rendered).toContain('&lt;requestId&gt;');
    expect(rendered).not.toMatch(/<(requestId|consentWay)>/);
    const shep1 = requirement('T-SHEP-1');
    const doc = renderRequirementsDoc([{ ...shep1, title: { ...shep1.title, en: 'a|b <c>' } }]);
    expect(doc).toContain('| a\\|b &lt;c&gt; |');
  });
});
