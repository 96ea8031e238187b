/**
 * The parsed form of an XML document: elements with resolved namespaces. Mixed content is not
 * kept (SOAP messages have none); an element's text is the concatenation of its text children.
 */
export interface XmlAttribute {
  /** Local name. */
  name: string;
  /** Resolved namespace URI, '' when none. */
  ns: string;
  prefix: string;
  value: string;
}

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Resolved namespace URI, '' when none. */
  ns: string;
  prefix: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  text: string;
}

/** First child with this local name (and namespace, when given). */
export function child(el: XmlElement | undefined, name: string, ns?: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

export function childrenNamed(el: XmlElement | undefined, name: string, ns?: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns)) ?? [];
}

/** Trimmed text of the first child with this name, or undefined when absent. */
export function childText(el: XmlElement | undefined, name: string, ns?: string): string | undefined {
  const c = child(el, name, ns);
  return c === undefined ? undefined : c.text.trim();
}

export function attribute(el: XmlElement, name: string, ns = ''): string | undefined {
  return el.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}
