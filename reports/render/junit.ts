import type { Report, ReportCheck, ReportContracts } from '../model.ts';
import { escapeAttr, escapeXml, seconds, variantText } from './text.ts';

/**
 * JUnit XML for CI: one testsuite per module run (plan.module with its variant), one testcase per
 * check, classname plan.module, names unique within the report. The message is in the element
 * text as well as the attribute (some CI readers show only one). A failure of the SUT is
 * <failure>; a check that could not decide (UNKNOWN) is <error>; SKIPPED and an excused expected
 * failure are <skipped>; WARNING and REVIEW pass with their message in <system-out>.
 * Contract results, when the report has them, are one more testsuite 'contracts': a testcase per
 * pact interaction (classname contracts.consumer→provider), a refused pact as one <error>.
 */
export function renderJUnit(report: Report): string {
  const suites = new Map<string, ReportCheck[]>();
  for (const r of report.requirements)
    for (const c of r.checks) {
      const key = `${c.plan}.${c.module}${Object.keys(c.variant).length ? ` [${variantText(c.variant)}]` : ''}`;
      suites.set(key, [...(suites.get(key) ?? []), c]);
    }
  const count = (cs: ReportCheck[]) => ({
    tests: cs.length,
    failures: cs.filter((c) => c.status === 'FAILED' && !c.expected).length,
    errors: cs.filter((c) => c.status === 'UNKNOWN').length,
    skipped: cs.filter((c) => c.status === 'SKIPPED' || (c.status === 'FAILED' && c.expected)).length,
    time: seconds(cs.reduce((t, c) => t + c.durationMs, 0)),
  });
  const attrs = (o: Record<string, string | number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}="${escapeAttr(String(v))}"`)
      .join(' ');
  const all = [...suites.values()].flat();
  const contracts = report.contracts ? contractCases(report.contracts) : undefined;
  const total = count(all);
  if (contracts) {
    total.tests += contracts.tests;
    total.failures += contracts.failures;
    total.errors += contracts.errors;
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name: `kdp-conformance: ${report.sut.name} (${report.sut.organisation.bin})`, ...total })}>`,
  ];
  for (const [name, checks] of suites) {
    out.push(`  <testsuite ${attrs({ name, ...count(checks), timestamp: report.startedAt })}>`);
    out.push('    <properties>');
    out.push(`      <property ${attrs({ name: 'verdict', value: report.verdict })}/>`);
    out.push(
      `      <property ${attrs({ name: 'harness', value: `${report.harness.name} ${report.harness.version}` })}/>`,
    );
    out.push(`      <property ${attrs({ name: 'profile', value: report.profile.version })}/>`);
    out.push('    </properties>');
    for (const c of checks) out.push(testcase(c));
    out.push('  </testsuite>');
  }
  if (contracts) {
    const { cases, ...counts } = contracts;
    out.push(
      `  <testsuite ${attrs({ name: 'contracts', ...counts, skipped: 0, time: seconds(0), timestamp: report.startedAt })}>`,
    );
    out.push(...cases, '  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');

  function contractCases(section: ReportContracts) {
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    for (const p of section.pacts) {
      const classname = `contracts.${p.consumer}→${p.provider}`;
      if (p.status === 'REFUSED') {
        errors++;
        const msg = `the pact was refused: ${p.refused ?? 'not run'}`;
        cases.push(
          `    <testcase ${attrs({ classname, name: `${classname}${p.file ? ` (${p.file})` : ''}`, time: seconds(0) })}>\n      <error ${attrs({ message: msg, type: 'REFUSED' })}>${escapeXml(msg)}</error>\n    </testcase>`,
        );
        continue;
      }
      for (const i of p.interactions) {
        const head = `    <testcase ${attrs({ classname, name: `${i.id} ${i.description}`, time: seconds(0) })}`;
        if (i.status === 'PASSED') {
          cases.push(`${head}/>`);
          continue;
        }
        failures++;
        const message = i.mismatches.map((m) => m.message).join('; ') || 'not honoured';
        const detail = [
          ...i.mismatches.map(
            (m) =>
              `${m.kind}${m.path ? ` ${m.path}` : ''}: ${m.message}${m.expected !== undefined ? `\n  expected: ${m.expected}` : ''}${m.actual !== undefined ? `\n  actual: ${m.actual}` : ''}`,
          ),
          `requirements: ${i.requirements.join(', ') || '(none binding the integrator)'}`,
          ...(i.outcome ? [`SHEP answered ${i.outcome}${i.outcomeMessage ? `: ${i.outcomeMessage}` : ''}`] : []),
        ].join('\n');
        cases.push(
          `${head}>\n      <failure ${attrs({ message, type: 'CONTRACT' })}>${escapeXml(detail)}</failure>\n    </testcase>`,
        );
      }
    }
    return { tests: cases.length, failures, errors, cases };
  }

  function testcase(c: ReportCheck): string {
    const suffix = /#\d+$/.exec(c.id)?.[0] ?? '';
    const name = `${c.requirement} ${c.check}${Object.keys(c.variant).length ? ` [${variantText(c.variant)}]` : ''}${suffix}`;
    const head = `    <testcase ${attrs({ classname: `${c.plan}.${c.module}`, name, time: seconds(c.durationMs) })}`;
    const detail = `${c.message}\nrequirement: ${c.requirement}\nevidence: ${c.evidence.join(', ') || '(none)'}`;
    const blame = c.blame ? ` (${c.blame})` : '';
    if (c.status === 'FAILED' && c.expected) {
      const msg = `expected failure: ${c.expected.reason} — ${c.message}`;
      return `${head}>\n      <skipped ${attrs({ message: msg })}>${escapeXml(msg)}</skipped>\n    </testcase>`;
    }
    switch (c.status) {
      case 'FAILED':
        return `${head}>\n      <failure ${attrs({ message: c.message, type: `FAILED${blame}` })}>${escapeXml(detail)}</failure>\n    </testcase>`;
      case 'UNKNOWN':
        return `${head}>\n      <error ${attrs({ message: c.message, type: 'UNKNOWN' })}>${escapeXml(detail)}</error>\n    </testcase>`;
      case 'SKIPPED':
        return `${head}>\n      <skipped ${attrs({ message: c.message })}>${escapeXml(c.message)}</skipped>\n    </testcase>`;
      case 'WARNING':
      case 'REVIEW':
        return `${head}>\n      <system-out>${escapeXml(`${c.status}: ${detail}`)}</system-out>\n    </testcase>`;
      case 'PASSED':
        return `${head}/>`;
    }
  }
}
