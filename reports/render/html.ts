import type { Evidence, ResultStatus } from '../../suites/result.ts';
import {
  LANGUAGES,
  type Language,
  type Report,
  type ReportCheck,
  type ReportContractInteraction,
  type ReportContracts,
} from '../model.ts';
import { BLAME_TEXT, STATUS_TEXT, UI, VERDICT_TEXT } from './i18n.ts';
import { escapeHtml as e, kzTime, variantText } from './text.ts';

/**
 * The report for people: one self-contained HTML file that opens offline from disk. Everything a
 * reader needs works with scripts off: the language switch (kk, ru, en; English by default) and the
 * failed-only view are CSS over radio buttons and a checkbox, failures are open and readable, and
 * evidence expands with <details>. The one small script only remembers the chosen language.
 */

type L = Record<Language, string>;
const STATUSES: readonly ResultStatus[] = ['PASSED', 'FAILED', 'WARNING', 'REVIEW', 'SKIPPED', 'UNKNOWN'];
const COLOUR: Record<ResultStatus, string> = {
  PASSED: '#2e7d32',
  FAILED: '#c62828',
  WARNING: '#ef6c00',
  REVIEW: '#6a1b9a',
  SKIPPED: '#757575',
  UNKNOWN: '#37474f',
};
const LANGUAGE_NAMES: L = { en: 'English', kk: 'Қазақша', ru: 'Русский' };

/** A text in the three languages; CSS shows the chosen one. */
function t(text: L): string {
  return LANGUAGES.map((l) => `<span class="l l-${l}" lang="${l}">${e(text[l])}</span>`).join('');
}

function badge(status: ResultStatus, expected = false): string {
  return `<span class="badge st-${status}">${t(STATUS_TEXT[status])}</span>${expected ? ` <span class="badge expected">${t(UI.expectedTag)}</span>` : ''}`;
}

function pre(s: string): string {
  return `<pre>${e(s)}</pre>`;
}

function evidenceBody(ev: Evidence): string {
  switch (ev.kind) {
    case 'exchange':
      return `<p><code>${e(ev.channel)}</code> ${ev.environment ? `<code>${e(ev.environment)}</code>` : ''} ${ev.service ? `<code>${e(ev.service)}</code>` : ''} ${ev.sender ? `sender <code>${e(ev.sender)}</code>` : ''} — ${e(ev.outcome)}</p>
<h5>${t(UI.request)}</h5>${pre(ev.request)}<h5>${t(UI.response)}</h5>${pre(ev.response)}`;
    case 'sms':
      return `<p>SMS ${e(ev.direction)} ${e(ev.phone)}</p>${pre(ev.text)}`;
    case 'driver':
      return `<p><code>${e(ev.method)} ${e(ev.path)}</code> → ${ev.status}</p>${ev.request !== undefined ? `<h5>${t(UI.request)}</h5>${pre(JSON.stringify(ev.request, null, 2))}` : ''}${ev.response !== undefined ? `<h5>${t(UI.response)}</h5>${pre(JSON.stringify(ev.response, null, 2))}` : ''}`;
    case 'person':
      return `<p>Q: ${e(ev.question)}</p><p>A: ${e(ev.answer)}</p>`;
    case 'note':
      return pre(ev.text);
  }
}

function evidenceList(report: Report, ids: string[], open = false): string {
  if (ids.length === 0) return '';
  return `<details class="evidence"${open ? ' open' : ''}><summary>${t(UI.evidence)} (${ids.length})</summary>${ids
    .map((id) => {
      const ev = report.evidence[id];
      if (!ev) return `<p class="missing">${e(id)}: —</p>`;
      return `<details class="item" data-evidence="${e(id)}"><summary><code>${e(id)}</code> ${e(ev.kind)} ${e(kzTime(ev.at))}</summary>${evidenceBody(ev)}</details>`;
    })
    .join('')}</details>`;
}

function chart(report: Report): string {
  const total = Math.max(1, report.summary.total);
  let x = 0;
  const segments = STATUSES.filter((s) => report.summary[s] > 0).map((s) => {
    const w = (report.summary[s] / total) * 600;
    const rect = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="28" fill="${COLOUR[s]}"><title>${s}: ${report.summary[s]}</title></rect>`;
    x += w;
    return rect;
  });
  const legend = STATUSES.map(
    (s, i) =>
      `<g transform="translate(${i * 100},40)"><rect width="12" height="12" fill="${COLOUR[s]}"/><text x="16" y="11" font-size="12">${s} ${report.summary[s]}</text></g>`,
  );
  return `<svg class="chart" role="img" aria-label="checks by status" viewBox="0 0 600 60" width="600" height="60" xmlns="http://www.w3.org/2000/svg">${segments.join('')}${legend.join('')}</svg>`;
}

function checkRow(report: Report, c: ReportCheck, failedFirst: boolean): string {
  const failing = c.status === 'FAILED' && !c.expected;
  return `<li class="check st-${c.status}${failing ? ' failing' : ''}">${badge(c.status, !!c.expected)} <code>${e(c.plan)}.${e(c.module)}</code> <strong>${e(c.check)}</strong>${Object.keys(c.variant).length ? ` <span class="variant">[${e(variantText(c.variant))}]</span>` : ''}
<div class="message">${e(c.message)}</div>${c.expected ? `<div class="reason">${t(UI.reason)}: ${e(c.expected.reason)}</div>` : ''}${evidenceList(report, c.evidence, failedFirst && failing)}</li>`;
}

function failures(report: Report): string {
  const failing = report.requirements.flatMap((r) =>
    r.checks.filter((c) => c.status === 'FAILED' && !c.expected).map((c) => ({ r, c })),
  );
  const contractFailures = report.contracts?.summary.failed ?? 0;
  const contractNote = contractFailures
    ? `<p class="failure contract-failures"><a href="#contracts">${t(UI.contracts)}</a>: ${contractFailures} ✗</p>`
    : '';
  if (failing.length === 0) return contractNote || `<p class="none">${t(UI.noFailures)}</p>`;
  return (
    contractNote +
    (['sut', 'configuration', 'environment'] as const)
      .map((blame) => {
        const group = failing.filter(({ c }) => (c.blame ?? 'sut') === blame);
        if (group.length === 0) return '';
        return `<section class="blame blame-${blame}"><h3>${t(BLAME_TEXT[blame])} (${group.length})</h3>${group
          .map(
            ({ r, c }) => `<article class="failure" data-check="${e(c.id)}"><h4>${e(r.id)} — ${t(r.title)}</h4>
<p><code>${e(c.plan)}.${e(c.module)}</code> <strong>${e(c.check)}</strong>${Object.keys(c.variant).length ? ` [${e(variantText(c.variant))}]` : ''}</p>
<p class="message">${e(c.message)}</p>${evidenceList(report, c.evidence)}</article>`,
          )
          .join('')}</section>`;
      })
      .join('')
  );
}

function requirementTable(report: Report): string {
  const rows = report.requirements.map((r) => {
    const hasFailure = r.checks.some((c) => c.status === 'FAILED' && !c.expected);
    return `<tbody class="req${hasFailure ? ' has-failure' : ''}" id="req-${e(r.id)}"><tr><td><strong>${e(r.id)}</strong></td><td>${e(r.clause)}</td><td>${t(r.title)}</td><td>${badge(r.status)}</td><td>${r.checks.length}</td></tr>
<tr class="detail"><td colspan="5"><details${hasFailure ? ' open' : ''}><summary>${t(UI.requirement)} ${e(r.id)}: ${t(UI.check)} (${r.checks.length})</summary><blockquote>${t(r.text)}</blockquote><ul class="checks">${r.checks
      .map((c) => checkRow(report, c, false))
      .join('')}</ul></details></td></tr></tbody>`;
  });
  return `<table class="requirements"><thead><tr><th>${t(UI.requirement)}</th><th>${t(UI.clause)}</th><th></th><th>${t(UI.status)}</th><th>${t(UI.counts)}</th></tr></thead>${rows.join('')}</table>`;
}

function timeline(report: Report): string {
  const start = Date.parse(report.startedAt);
  const span = Math.max(1, Date.parse(report.endedAt) - start);
  const modules = [...report.modules].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return `<table class="timeline">${modules
    .map((m) => {
      const left = ((Date.parse(m.startedAt) - start) / span) * 100;
      const width = Math.max(0.5, ((Date.parse(m.endedAt) - Date.parse(m.startedAt)) / span) * 100);
      return `<tr class="st-${m.status}${m.status === 'FAILED' ? ' has-failure' : ''}"><td><code>${e(m.plan)}.${e(m.module)}</code> ${e(variantText(m.variant))}</td><td>${badge(m.status)}</td><td class="track"><div class="bar st-${m.status}" style="margin-left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%" title="${e(kzTime(m.startedAt))} – ${e(kzTime(m.endedAt))}"></div></td><td>${m.note ? e(m.note) : ''}</td></tr>`;
    })
    .join('')}</table>`;
}

function coverage(report: Report): string {
  const row = (label: L, a: { exercised: string[]; notExercised: string[] }) =>
    `<tr><th>${t(label)}</th><td>${a.exercised.map((x) => `<code class="yes">${e(x)}</code>`).join(' ')}</td><td>${a.notExercised.map((x) => `<code class="no">${e(x)}</code>`).join(' ')}</td></tr>`;
  return `<table class="coverage"><thead><tr><th></th><th>${t(UI.exercised)}</th><th>${t(UI.notExercised)}</th></tr></thead>
${row(UI.requirements, report.coverage.requirements)}${row(UI.ways, report.coverage.ways)}${row(UI.dataServices, report.coverage.dataServices)}${row(UI.shepOperations, report.coverage.shepOperations)}</table>`;
}

function expected(report: Report): string {
  const list = (items: Report['expectedFailures']['applied']) =>
    items.length === 0
      ? '<p>—</p>'
      : `<ul>${items.map((f) => `<li><code>${e(f.module)}/${e(f.check)}</code>${f.variant ? ` [${e(variantText(f.variant))}]` : ''} ${f.status}: ${e(f.reason)}</li>`).join('')}</ul>`;
  return `<h3>${t(UI.expectedApplied)}</h3>${list(report.expectedFailures.applied)}<h3>${t(UI.expectedUnmet)}</h3>${list(report.expectedFailures.unmet)}`;
}

function interaction(i: ReportContractInteraction): string {
  const failing = i.status === 'FAILED';
  const states = i.providerStates
    .map((p) => `<code>${e(p.name)}</code>${p.params ? ` ${e(JSON.stringify(p.params))}` : ''}`)
    .join(', ');
  const mismatches = i.mismatches
    .map(
      (m) =>
        `<li><code>${e(m.kind)}${m.path ? ` ${e(m.path)}` : ''}</code>: ${e(m.message)}${m.expected !== undefined ? `<br>expected ${pre(m.expected)}` : ''}${m.actual !== undefined ? `actual ${pre(m.actual)}` : ''}</li>`,
    )
    .join('');
  return `<li class="check interaction st-${i.status}${failing ? ' failing' : ''}" data-interaction="${e(i.id)}">${badge(i.status)} <code>${e(i.id)}</code> <strong>${e(i.description)}</strong>${i.outcome ? ` → <code>${e(i.outcome)}</code>${i.outcomeMessage ? ` ${e(i.outcomeMessage)}` : ''}` : ''}
<details${failing ? ' open' : ''}><summary>${t(UI.providerStates)}: ${i.providerStates.length}${i.mismatches.length ? ` · ${i.mismatches.length} ✗` : ''}</summary><p>${states || '—'}</p>${mismatches ? `<ul class="mismatches">${mismatches}</ul>` : ''}${i.replay ? `<p class="replay">replay ${e(i.replay.at)}: ${e(i.replay.note)}</p>` : ''}</details></li>`;
}

function contractsHtml(c: ReportContracts): string {
  const byId = new Map(c.pacts.flatMap((p) => p.interactions.map((i) => [i.id, i] as const)));
  const list = (ids: string[]) =>
    `<ul class="checks">${ids
      .map((id) => byId.get(id))
      .filter((i): i is ReportContractInteraction => !!i)
      .map(interaction)
      .join('')}</ul>`;
  const pacts = c.pacts
    .map(
      (p) =>
        `<tr class="${p.status === 'PASSED' ? '' : 'has-failure'}"><td><code>${e(p.consumer)}</code> → <code>${e(p.provider)}</code>${p.file ? ` <small>${e(p.file)}</small>` : ''}</td><td>${p.status === 'REFUSED' ? `<span class="badge st-UNKNOWN">${t(UI.refused)}</span> ${e(p.refused ?? '')}` : badge(p.status)}</td><td>${p.interactions.filter((i) => i.status === 'PASSED').length}/${p.interactions.length} ${t(UI.honoured)}</td><td>${e(kzTime(p.verifiedAt))}</td></tr>`,
    )
    .join('');
  const rows = c.requirements
    .map((r) => {
      const hasFailure = r.status === 'FAILED';
      return `<tbody class="req${hasFailure ? ' has-failure' : ''}"><tr><td><strong>${e(r.id)}</strong></td><td>${e(r.clause)}</td><td>${t(r.title)}</td><td>${badge(r.status)}</td><td>${r.interactions.length}</td></tr>
<tr class="detail"><td colspan="5">${list(r.interactions)}</td></tr></tbody>`;
    })
    .join('');
  return `<table class="pacts"><tbody>${pacts}</tbody></table>
<table class="requirements contract-requirements"><thead><tr><th>${t(UI.requirement)}</th><th>${t(UI.clause)}</th><th></th><th>${t(UI.status)}</th><th>${t(UI.interactions)}</th></tr></thead>${rows}</table>${
    c.unmapped.length ? `<h3>${t(UI.unmapped)}</h3>${list(c.unmapped)}` : ''
  }`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1b1b;background:#fff}
body{margin:0}#page{max-width:1100px;margin:0 auto;padding:1rem 1.5rem}
.l{display:none}
#lang-en:checked~#page .l-en,#lang-kk:checked~#page .l-kk,#lang-ru:checked~#page .l-ru{display:inline}
.switch{position:absolute;opacity:0;pointer-events:none}
#failed-only:checked~#page tbody.req:not(.has-failure),#failed-only:checked~#page li.check:not(.failing),#failed-only:checked~#page .timeline tr:not(.has-failure),#failed-only:checked~#page .hide-failed-only{display:none}
nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin:.5rem 0}
nav label{cursor:pointer;border:1px solid #bbb;border-radius:4px;padding:.2rem .6rem}
#lang-en:checked~#page label[for=lang-en],#lang-kk:checked~#page label[for=lang-kk],#lang-ru:checked~#page label[for=lang-ru],#failed-only:checked~#page label[for=failed-only]{background:#1b1b1b;color:#fff}
header.verdict{border-left:12px solid;padding:.5rem 1rem;margin:1rem 0;background:#fafafa}
header.v-PASSED{border-color:${COLOUR.PASSED}}header.v-FAILED{border-color:${COLOUR.FAILED}}header.v-INCOMPLETE{border-color:${COLOUR.UNKNOWN}}
.verdict-word{font-size:2rem;font-weight:700}
.v-PASSED .verdict-word{color:${COLOUR.PASSED}}.v-FAILED .verdict-word{color:${COLOUR.FAILED}}.v-INCOMPLETE .verdict-word{color:${COLOUR.UNKNOWN}}
.attest{font-size:1.1rem}.unattested{color:${COLOUR.FAILED};font-weight:600}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;color:#fff;font-size:.85em}
${STATUSES.map((s) => `.badge.st-${s},.bar.st-${s}{background:${COLOUR[s]}}`).join('')}
.badge.expected{background:#5d4037}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
table.counts td{text-align:right}
tr.detail>td{border-bottom:2px solid #999}
pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.5rem;max-height:30rem;overflow:auto;font-size:.85em}
.failure{border-left:4px solid ${COLOUR.FAILED};padding:.2rem .8rem;margin:.6rem 0;background:#fff5f5}
.message{margin:.2rem 0}.variant{color:#555}.reason{color:#5d4037}
.track{width:40%}.bar{height:12px;border-radius:2px;min-width:2px}
code.yes{background:#e8f5e9}code.no{background:#ffebee}
ul.checks{list-style:none;padding-left:0}li.check{margin:.4rem 0;padding:.3rem;border-bottom:1px dotted #ccc}
footer{color:#555;font-size:.85em;margin-top:2rem}
@media print{nav,.switch{display:none}details{display:block}}
`;

const SCRIPT = `
(function(){try{var k='kdp-conformance-lang',s=localStorage.getItem(k),r=document.getElementById('lang-'+s);if(r){r.checked=true;document.documentElement.lang=s;}
document.querySelectorAll('input[name=lang]').forEach(function(i){i.addEventListener('change',function(){localStorage.setItem(k,i.value);document.documentElement.lang=i.value;});});}catch(_){}})();
`;

export function renderHtml(report: Report): string {
  const a = report.attestation;
  const s = report.summary;
  const countsRow = STATUSES.map((st) => `<td class="st-${st}">${s[st]}</td>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${e(UI.reportTitle.en)}: ${e(report.sut.name)} — ${report.verdict}</title>
<style>${CSS}</style>
</head>
<body>
${LANGUAGES.map((l) => `<input class="switch" type="radio" name="lang" id="lang-${l}" value="${l}"${l === 'en' ? ' checked' : ''}>`).join('\n')}
<input class="switch" type="checkbox" id="failed-only">
<div id="page">
<nav aria-label="${e(UI.language.en)}">${LANGUAGES.map((l) => `<label for="lang-${l}">${LANGUAGE_NAMES[l]}</label>`).join('')}<label for="failed-only">${t(UI.failedOnly)}</label></nav>
<h1>${t(UI.reportTitle)}</h1>
<p>${t(UI.subtitle)}</p>
<header class="verdict v-${report.verdict}" id="verdict">
<div><span class="verdict-label">${t(UI.verdict)}:</span> <span class="verdict-word" data-verdict="${report.verdict}">${t(VERDICT_TEXT[report.verdict])}</span></div>
<div class="attest">${
    a.certifiedBy
      ? `${t(UI.certifiedBy)}: <strong class="certifier">${e(a.certifiedBy.name)}</strong>, ${e(a.certifiedBy.role)}`
      : `<span class="unattested">${t(UI.notAttested)}</span>`
  }</div>
<div>${t(UI.organisation)}: ${e(a.organisation.name)} (BIN ${e(a.organisation.bin)})</div>
<div>${t(UI.system)}: ${e(report.sut.name)}${report.sut.version ? ` ${e(report.sut.version)}` : ''} — ${t(UI.reachedBy)}: ${e(report.sut.reachedBy)}${report.sut.target ? ` <code>${e(report.sut.target)}</code>` : ''}</div>
<div>${t(UI.environment)}: ${e(a.environment)} · ${t(UI.run)}: ${e(kzTime(report.startedAt))} – ${e(kzTime(report.endedAt))} · ${t(UI.expires)}: ${e(kzTime(a.expiresAt))}</div>
</header>
<section id="summary"><h2>${t(UI.counts)}</h2>
<table class="counts"><thead><tr>${STATUSES.map((st) => `<th>${t(STATUS_TEXT[st])}</th>`).join('')}<th>${t(UI.expectedTag)}</th></tr></thead><tbody><tr>${countsRow}<td>${s.expected}</td></tr></tbody></table>
${chart(report)}
<p class="hide-failed-only">${report.omitted.checks} ${t(UI.omitted)}. ${t(UI.masked)}</p>
</section>
<section id="failures"><h2>${t(UI.failures)}</h2>${failures(report)}</section>
<section id="requirements"><h2>${t(UI.requirements)}</h2>${requirementTable(report)}</section>
${report.contracts ? `<section id="contracts"><h2>${t(UI.contracts)}</h2>${contractsHtml(report.contracts)}</section>\n` : ''}<section id="timeline"><h2>${t(UI.timeline)}</h2>${timeline(report)}</section>
<section id="coverage" class="hide-failed-only"><h2>${t(UI.coverage)}</h2>${coverage(report)}</section>
<section id="expected" class="hide-failed-only"><h2>${t(UI.expectedFailures)}</h2>${expected(report)}</section>
<footer>${t(UI.versions)}: ${e(report.harness.name)} ${e(report.harness.version)}, profile ${e(report.profile.version)}, report ${e(report.reportVersion)} · ${t(UI.plans)}: ${report.plans.ids.map(e).join(', ')} (sha256 <code>${e(report.plans.digest)}</code>) · ${e(report.generatedAt)}</footer>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
