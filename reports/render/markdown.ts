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
  const cov = report.coverage;
  lines.push(
    `Coverage: requirements ${cov.requirements.exercised.length}/${cov.requirements.exercised.length + cov.requirements.notExercised.length}, ways ${cov.ways.exercised.length}/${cov.ways.exercised.length + cov.ways.notExercised.length}, data services ${cov.dataServices.exercised.length}/${cov.dataServices.exercised.length + cov.dataServices.notExercised.length}, SHEP operations ${cov.shepOperations.exercised.length}/${cov.shepOperations.exercised.length + cov.shepOperations.notExercised.length}.`,
    '',
    `<sub>${cell(report.harness.name)} ${cell(report.harness.version)}, profile ${cell(report.profile.version)}, plans ${report.plans.digest.slice(0, 12)}. Personal data masked.</sub>`,
    '',
  );
  return lines.join('\n');
}
