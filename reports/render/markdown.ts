import type { Report } from '../model.ts';
import { allChecks, kzTime, variantText } from './text.ts';

const ICON = { PASSED: '✅', FAILED: '❌', WARNING: '⚠️', REVIEW: '👀', SKIPPED: '⏭️', UNKNOWN: '❔' } as const;

/** Markdown table cells: no pipes or line breaks from evidence-derived text. */
function cell(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** A short summary for a pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY). */
export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const checks = allChecks(report);
  const failed = checks.filter((c) => c.status === 'FAILED' && !c.expected);
  const lines = [
    `## ${ICON[report.verdict === 'PASSED' ? 'PASSED' : report.verdict === 'FAILED' ? 'FAILED' : 'UNKNOWN']} kdp-conformance: ${report.verdict}`,
    '',
    `**${cell(report.sut.name)}**${report.sut.version ? ` ${cell(report.sut.version)}` : ''} — ${cell(report.sut.organisation.name)} (BIN ${report.sut.organisation.bin}), reached by ${report.sut.reachedBy}; ${kzTime(report.startedAt)} – ${kzTime(report.endedAt)}`,
    '',
    `| ${ICON.PASSED} passed | ${ICON.FAILED} failed | ${ICON.WARNING} warning | ${ICON.REVIEW} review | ${ICON.SKIPPED} skipped | ${ICON.UNKNOWN} unknown | expected failures |`,
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.PASSED} | ${s.FAILED - s.expected} | ${s.WARNING} | ${s.REVIEW} | ${s.SKIPPED} | ${s.UNKNOWN} | ${s.expected} |`,
    '',
  ];
  if (failed.length > 0) {
    lines.push('### Failures', '', '| requirement | check | variant | blame | result |', '|---|---|---|---|---|');
    for (const c of failed)
      lines.push(
        `| ${c.requirement} | \`${cell(`${c.plan}.${c.module}/${c.check}`)}\` | ${cell(variantText(c.variant))} | ${c.blame ?? 'sut'} | ${cell(c.message)} |`,
      );
    lines.push('');
  }
  const unknown = checks.filter((c) => c.status === 'UNKNOWN' || c.status === 'REVIEW');
  if (unknown.length > 0) {
    lines.push('### Not decided', '');
    for (const c of unknown)
      lines.push(`- ${ICON[c.status]} ${c.requirement} \`${cell(c.check)}\`: ${cell(c.message)}`);
    lines.push('');
  }
  if (report.expectedFailures.unmet.length > 0) {
    lines.push('### Expected failures that did not happen', '');
    for (const f of report.expectedFailures.unmet)
      lines.push(`- \`${cell(`${f.module}/${f.check}`)}\`: ${cell(f.reason)}`);
    lines.push('');
  }
  const k = report.contracts;
  if (k) {
    const icon = k.status === 'PASSED' ? ICON.PASSED : k.status === 'FAILED' ? ICON.FAILED : ICON.UNKNOWN;
    lines.push(
      `${icon} Contracts: ${k.summary.passed}/${k.summary.interactions} interactions of ${k.summary.pacts} pact${k.summary.pacts === 1 ? '' : 's'} honoured by the state service${k.summary.refused ? `, ${k.summary.refused} pact${k.summary.refused === 1 ? '' : 's'} refused` : ''}.`,
      '',
    );
    const failing = k.pacts.flatMap((p) => p.interactions.filter((i) => i.status === 'FAILED'));
    for (const i of failing.slice(0, 10))
      lines.push(
        `- ${ICON.FAILED} ${i.requirements.join(' ') || '—'} \`${cell(i.id)}\` ${cell(i.description)}: ${cell(i.mismatches[0]?.message ?? 'not honoured')}`,
      );
    if (failing.length > 10) lines.push(`- … and ${failing.length - 10} more (report.html)`);
    for (const p of k.pacts.filter((x) => x.status === 'REFUSED'))
      lines.push(`- ${ICON.UNKNOWN} \`${cell(`${p.consumer}→${p.provider}`)}\` refused: ${cell(p.refused ?? '')}`);
    if (failing.length > 0 || k.summary.refused > 0) lines.push('');
  }
  const cov = report.coverage;
  lines.push(
    `Coverage: requirements ${cov.requirements.exercised.length}/${cov.requirements.exercised.length + cov.requirements.notExercised.length}, ways ${cov.ways.exercised.length}/${cov.ways.exercised.length + cov.ways.notExercised.length}, data services ${cov.dataServices.exercised.length}/${cov.dataServices.exercised.length + cov.dataServices.notExercised.length}, SHEP operations ${cov.shepOperations.exercised.length}/${cov.shepOperations.exercised.length + cov.shepOperations.notExercised.length}.`,
    '',
    `<sub>${cell(report.harness.name)} ${cell(report.harness.version)}, profile ${cell(report.profile.version)}, plans ${report.plans.digest.slice(0, 12)}. Personal data masked.</sub>`,
    '',
  );
  return lines.join('\n');
}
