import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import type { XmlAttribute, XmlElement } from './element.ts';

/**
 * A hardened, namespace-aware XML parser for messages that arrive from outside (SOAP envelopes
 * above all). Everything an attacker controls is bounded, and the dangerous parts of XML are
 * refused outright rather than "safely" processed:
 *
 * - DOCTYPE / DTD: refused. With no DTD there can be no entity declarations, so XXE (external
 *   entities such as file:///etc/passwd) and entity-expansion bombs (billion laughs) die at the
 *   doctype, before anything could be expanded. SOAP 1.1 §3 forbids a DTD in a message anyway.
 * - Entity references: only the five predefined ones and character references; any other name is
 *   refused (it could only have been defined by the DTD we refuse).
 * - Processing instructions: refused (SOAP 1.1 §3 forbids them in a message; xml-stylesheet and
 *   friends can make downstream consumers fetch URLs). The XML declaration is not a PI and is
 *   accepted.
 * - Size (checked before the parser is even created), depth, element count, attributes per element,
 *   attribute value length and text length per element: bounded, see XmlLimits.
 *
 * Comments are skipped. CDATA sections join the element's text.
 */

export interface XmlLimits {
  /** Whole document, in UTF-8 bytes. */
  maxBytes: number;
  /** Nesting depth; the root element is depth 1. */
  maxDepth: number;
  /** Elements in the whole document. */
  maxElements: number;
  /** Attributes on one element, namespace declarations included. */
  maxAttributes: number;
  /** Characters in one attribute value. */
  maxAttributeLength: number;
  /** Characters of text (text and CDATA together) directly inside one element. */
  maxTextLength: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxElements: 10_000,
  maxAttributes: 64,
  maxAttributeLength: 64 * 1024,
  maxTextLength: 512 * 1024,
});

export type XmlRejectionCode =
  /** Larger than maxBytes. */
  | 'size'
  /** A DOCTYPE declaration (DTD, internal subset, external id). */
  | 'dtd'
  /** A reference to an entity other than the five predefined ones. */
  | 'entity'
  /** A processing instruction. */
  | 'pi'
  | 'depth'
  | 'elements'
  | 'attributes'
  | 'attribute-length'
  | 'text-length'
  /** Not well-formed (or not namespace-well-formed) XML, or not text at all. */
  | 'malformed';

/** Hostile constructs, as opposed to plain mistakes or limits: callers may report them apart. */
export const HOSTILE_XML_CODES: ReadonlySet<XmlRejectionCode> = new Set(['dtd', 'entity', 'pi']);

export class XmlRejected extends Error {
  override readonly name = 'XmlRejected';

  constructor(
    readonly code: XmlRejectionCode,
    message: string,
    /** 1-based position of the refusal, when known. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line}, column ${column ?? 0})`);
  }
}

export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

interface Frame {
  el: XmlElement;
  textParts: string[];
  textLength: number;
}

/** UTF-8 length without allocating a buffer for the common (short) case. */
function exceedsBytes(text: string, max: number): boolean {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes, so the exact count is needed only in between.
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

/**
 * Parses `text` into an XmlElement tree (the document element). Throws XmlRejected, never
 * anything else, for any input.
 */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const lim: XmlLimits = { ...DEFAULT_XML_LIMITS, ...limits };
  if (typeof text !== 'string') throw new XmlRejected('malformed', 'the document is not text');
  if (exceedsBytes(text, lim.maxBytes)) {
    throw new XmlRejected('size', `the document is larger than ${lim.maxBytes} bytes`);
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let attributesOnTag = 0;

  const reject = (code: XmlRejectionCode, message: string): never => {
    throw new XmlRejected(code, message, parser.line, parser.column);
  };

  const appendText = (chunk: string): void => {
    const top = stack[stack.length - 1];
    // Outside the root only whitespace can occur; saxes itself refuses anything else.
    if (!top) return;
    top.textLength += chunk.length;
    if (top.textLength > lim.maxTextLength) {
      reject('text-length', `text inside <${top.el.name}> is longer than ${lim.maxTextLength} characters`);
    }
    top.textParts.push(chunk);
  };

  parser.on('doctype', () => reject('dtd', 'a DOCTYPE declaration is not allowed (no DTDs, no entity declarations)'));
  parser.on('processinginstruction', (pi) =>
    reject('pi', `processing instructions are not allowed (found <?${pi.target} …?>)`),
  );
  parser.on('opentagstart', () => {
    if (stack.length + 1 > lim.maxDepth) reject('depth', `elements are nested deeper than ${lim.maxDepth} levels`);
    elements++;
    if (elements > lim.maxElements) reject('elements', `the document has more than ${lim.maxElements} elements`);
    attributesOnTag = 0;
  });
  parser.on('attribute', (attr) => {
    attributesOnTag++;
    if (attributesOnTag > lim.maxAttributes) {
      reject('attributes', `an element has more than ${lim.maxAttributes} attributes`);
    }
    if (attr.value.length > lim.maxAttributeLength) {
      reject('attribute-length', `attribute ${attr.name} is longer than ${lim.maxAttributeLength} characters`);
    }
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const el: XmlElement = {
      name: tag.local,
      ns: tag.uri,
      prefix: tag.prefix,
      attributes: Object.values(tag.attributes as Record<string, SaxesAttributeNS>).map(
        (a): XmlAttribute => ({ name: a.local, ns: a.uri, prefix: a.prefix, value: a.value }),
      ),
      children: [],
      text: '',
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else root = el;
    stack.push({ el, textParts: [], textLength: 0 });
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (frame) frame.el.text = frame.textParts.length === 1 ? frame.textParts[0]! : frame.textParts.join('');
  });

  try {
    parser.write(text);
    parser.close();
  } catch (err) {
    if (err instanceof XmlRejected) throw err;
    throw classifySaxesError(err);
  }
  if (!root) throw new XmlRejected('malformed', 'the document has no root element');
  return root;
}

const SAXES_POSITION = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s;

function classifySaxesError(err: unknown): XmlRejected {
  const raw = err instanceof Error ? err.message : String(err);
  const m = SAXES_POSITION.exec(raw);
  const message = m ? m[3]! : raw;
  const line = m ? Number(m[1]) : undefined;
  const column = m ? Number(m[2]) : undefined;
  // saxes reports an unknown entity name as a well-formedness error; it is the XXE vector, so it
  // gets its own code.
  const code: XmlRejectionCode = /undefined entity|entity name/.test(message) ? 'entity' : 'malformed';
  return new XmlRejected(code, `not well-formed XML: ${message.replace(/\.$/, '')}`, line, column);
}
