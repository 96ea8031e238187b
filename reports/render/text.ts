import type { Language, Report } from '../model.ts';

/** Escaping and the few text helpers every renderer shares. */

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Lone
// surrogates fall outside it too, so with the u flag they are stripped as well.
const XML_INVALID = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters XML 1.0 (and so HTML parsers' well-formed input) cannot carry: evidence is hostile. */
export function xmlSafe(s: string): string {
  return s.replace(XML_INVALID, '');
}

export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeXml(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export const escapeHtml = (s: string) => escapeAttr(s);

export function variantText(variant: Record<string, string>): string {
  return Object.entries(variant)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Every check of the report, in requirement order. */
export function allChecks(report: Report) {
  return report.requirements.flatMap((r) => r.checks.map((c) => ({ ...c, requirementTitle: r.title })));
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A date-time as Kazakhstan reads it (UTC+5), independent of the machine's zone. */
export function kzTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 5 * 3600_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' (UTC+5)');
}

export function kzDate(iso: string): string {
  return kzTime(iso).slice(0, 10);
}

export type Strings = Record<Language, string>;
