import { attribute, type XmlElement } from '../xml/element.ts';
import { XSI_NS } from '../shep/namespaces.ts';

/** Namespace of the state service's data (xsi:type getUserDataRequest / getUserDataResponse). */
export const KDP_NS = 'http://service.2fa-chain.kz/ns/kdp';

/**
 * The fields of a KDP message's <data>, by local name: trimmed text of the first child of each
 * name. Integrators write the children unqualified or in the KDP namespace; both are read, and no
 * other namespace. Nested elements are not fields and are left out.
 */
export type KdpFields = Readonly<Record<string, string>>;

export function readKdpFields(data: XmlElement): KdpFields {
  // No prototype: a child named constructor or __proto__ is a field like any other.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const c of data.children) {
    if ((c.ns === '' || c.ns === KDP_NS) && !(c.name in fields)) fields[c.name] = c.text.trim();
  }
  return fields;
}

/** The local part of <data xsi:type="p:Name">, or undefined for untyped data. */
export function xsiTypeName(data: XmlElement): string | undefined {
  const type = attribute(data, 'type', XSI_NS);
  return type === undefined ? undefined : type.slice(type.indexOf(':') + 1);
}

/** The raw xsi:type value, for messages that quote it back. */
export function xsiType(data: XmlElement): string | undefined {
  return attribute(data, 'type', XSI_NS);
}
