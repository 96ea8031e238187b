import { escapeXml } from './escape.ts';

/** Characters XML 1.0 cannot carry at all, even escaped. */
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Escaped text for an element or attribute value. Characters XML cannot carry even escaped are
 * dropped, so a stray control character in a service's message never makes an answer unparsable.
 */
export function xmlValue(value: string): string {
  return escapeXml(value.replace(NOT_XML_CHAR, ''));
}

/** `<name>value</name>`, or nothing when the value is absent: for optional fields of an envelope. */
export function optionalElement(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlValue(value)}</${name}>`;
}

/** `<name>value</name>`, or `<name/>` when the value is absent or empty: for fields an answer always carries. */
export function element(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? `<${name}/>` : `<${name}>${xmlValue(value)}</${name}>`;
}
