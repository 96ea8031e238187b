import type { XmlElement } from './element.ts';
import { escapeXml } from './escape.ts';
import { XML_NAMESPACE, XMLNS_NAMESPACE } from './parse.ts';

/**
 * Writes a parsed element back as XML, so that a service can return (part of) what it received.
 *
 * The namespaces of elements and attributes are re-declared wherever the output would otherwise
 * bind a prefix differently, so a subtree lifted out of its document (requestData/data's children
 * without the envelope that declared their prefixes) stays namespace-correct. Declarations the
 * element carried itself are kept, so QName-valued attributes (xsi:type="p:T") keep working when the
 * prefix was declared on the element or inside the subtree. Text is written as-is (escaped); the
 * parser keeps no mixed content order, so text comes before the children.
 */
export function serializeXml(el: XmlElement, inScope: ReadonlyMap<string, string> = new Map()): string {
  const out: string[] = [];
  write(el, new Map(inScope), out);
  return out.join('');
}

/** The children of `el`, each serialized in the scope `inScope` (their future parent's). */
export function serializeChildren(el: XmlElement, inScope: ReadonlyMap<string, string> = new Map()): string {
  return el.children.map((c) => serializeXml(c, inScope)).join('');
}

function write(el: XmlElement, scope: Map<string, string>, out: string[]): void {
  const declared = new Map<string, string>();
  for (const a of el.attributes) {
    if (a.ns !== XMLNS_NAMESPACE) continue;
    declared.set(a.prefix === 'xmlns' ? a.name : '', a.value);
  }
  const bound = (prefix: string): string | undefined =>
    declared.get(prefix) ?? scope.get(prefix) ?? (prefix === '' ? '' : undefined);
  const ensure = (prefix: string, ns: string): void => {
    if (prefix === 'xml') return;
    if (bound(prefix) !== ns) declared.set(prefix, ns);
  };
  ensure(el.prefix, el.ns);
  for (const a of el.attributes) {
    if (a.ns === XMLNS_NAMESPACE || a.prefix === '' || a.ns === XML_NAMESPACE) continue;
    ensure(a.prefix, a.ns);
  }

  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  out.push('<', qname);
  for (const [prefix, ns] of declared) {
    out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeXml(ns), '"');
  }
  for (const a of el.attributes) {
    if (a.ns === XMLNS_NAMESPACE) continue;
    out.push(' ', a.prefix ? `${a.prefix}:${a.name}` : a.name, '="', escapeXml(a.value), '"');
  }
  if (el.children.length === 0 && el.text === '') {
    out.push('/>');
    return;
  }
  out.push('>');
  if (el.text !== '') out.push(escapeXml(el.text));
  if (el.children.length > 0) {
    const childScope = declared.size === 0 ? scope : new Map([...scope, ...declared]);
    for (const c of el.children) write(c, childScope, out);
  }
  out.push('</', qname, '>');
}
