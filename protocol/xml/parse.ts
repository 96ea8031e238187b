import type { XmlElement } from './element.ts';

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
 *
 * It is a hand-written single-pass scanner rather than a general SAX library: every message through
 * the gateway is parsed, and a scanner that knows it will never honour a DTD does a fraction of the
 * work (the bench measures the gateway against a raw node:http baseline).
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

/** UTF-8 length without allocating a buffer for the common (short) case. */
function exceedsBytes(text: string, max: number): boolean {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes, so the exact count is needed only in between.
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

// NameStartChar and NameChar of XML 1.0 (5th ed.), without the colon: prefixes are split apart.
const NAME_START =
  'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\uD800-\\uDBFF\\uDC00-\\uDFFF';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** A QName: NCName, or NCName ':' NCName. */
const QNAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?`, 'y');
/** Characters XML 1.0 does not allow anywhere (controls, U+FFFE/U+FFFF). */
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
/** A Map, so that names like "constructor" or "__proto__" can never resolve through a prototype. */
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

interface Frame {
  el: XmlElement;
  /** The tag as written, to match its end tag. */
  qname: string;
  /** Prefix bindings this element declared (null when none, the common case). */
  scope: Map<string, string> | null;
  text: string;
}

interface RawAttribute {
  qname: string;
  value: string;
}

/**
 * Parses `text` into an XmlElement tree (the document element). Throws XmlRejected, never
 * anything else, for any input.
 */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const lim: XmlLimits = { ...DEFAULT_XML_LIMITS, ...limits };
  if (typeof text !== 'string') throw new XmlRejected('malformed', 'the document is not text');
  if (exceedsBytes(text, lim.maxBytes))
    throw new XmlRejected('size', `the document is larger than ${lim.maxBytes} bytes`);
  return new Scanner(text, lim).document();
}

class Scanner {
  private i = 0;
  private readonly stack: Frame[] = [];
  private elements = 0;
  private root: XmlElement | undefined;
  /**
   * Bindings in force: per prefix, a stack of URIs, innermost last. A lookup is one Map access,
   * however many declarations a hostile document nests.
   */
  private readonly bindings = new Map<string, string[]>();

  constructor(
    private readonly s: string,
    private readonly lim: XmlLimits,
  ) {}

  private reject(code: XmlRejectionCode, message: string, at = this.i): never {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    throw new XmlRejected(code, message, line, at - lineStart + 1);
  }

  document(): XmlElement {
    const s = this.s;
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    if (s.startsWith('<?xml', this.i) && /[ \t\r\n]/.test(s[this.i + 5] ?? '')) {
      XML_DECL.lastIndex = this.i;
      if (!XML_DECL.test(s)) this.reject('malformed', 'invalid XML declaration');
      this.i = XML_DECL.lastIndex;
    }
    while (this.i < s.length) {
      const lt = s.indexOf('<', this.i);
      const end = lt === -1 ? s.length : lt;
      if (end > this.i) this.text(this.i, end);
      if (lt === -1) break;
      this.i = lt;
      this.markup();
    }
    if (this.stack.length > 0) this.reject('malformed', `<${this.stack[this.stack.length - 1]!.qname}> is not closed`);
    if (!this.root) this.reject('malformed', 'the document has no root element');
    return this.root;
  }

  private markup(): void {
    const s = this.s;
    const c = s.charCodeAt(this.i + 1);
    if (c === 47 /* / */) return this.endTag();
    if (c === 33 /* ! */) {
      if (s.startsWith('<!--', this.i)) return this.comment();
      if (s.startsWith('<![CDATA[', this.i)) return this.cdata();
      if (s.startsWith('<!DOCTYPE', this.i))
        this.reject('dtd', 'a DOCTYPE declaration is not allowed (no DTDs, no entity declarations)');
      this.reject('malformed', 'markup declarations are not allowed');
    }
    if (c === 63 /* ? */) {
      QNAME.lastIndex = this.i + 2;
      const target = QNAME.exec(s)?.[0] ?? '';
      if (target.toLowerCase() === 'xml')
        this.reject('malformed', 'the XML declaration may only stand at the very start');
      this.reject('pi', `processing instructions are not allowed (found <?${target} …?>)`);
    }
    this.startTag();
  }

  private text(from: number, to: number): void {
    let raw = this.s.slice(from, to);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (!/^[ \t\r\n]*$/.test(raw)) this.reject('malformed', 'text is not allowed outside the root element', from);
      return;
    }
    if (FORBIDDEN_CHAR.test(raw)) this.reject('malformed', 'a character not allowed in XML', from);
    if (raw.includes(']]>')) this.reject('malformed', '"]]>" is not allowed in text', from);
    if (raw.includes('&')) raw = this.decode(raw, from);
    if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n');
    this.appendText(top, raw, from);
  }

  private appendText(top: Frame, chunk: string, at: number): void {
    if (top.text.length + chunk.length > this.lim.maxTextLength) {
      this.reject(
        'text-length',
        `text inside <${top.el.name}> is longer than ${this.lim.maxTextLength} characters`,
        at,
      );
    }
    top.text += chunk;
  }

  /** Replaces entity and character references; only the five predefined names exist. */
  private decode(raw: string, at: number): string {
    let out = '';
    let last = 0;
    for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', last)) {
      out += raw.slice(last, amp);
      const semi = raw.indexOf(';', amp);
      const ref = semi === -1 ? '' : raw.slice(amp + 1, semi);
      if (semi === -1 || ref.length === 0 || ref.length > 32)
        this.reject('malformed', 'a bare "&" (write &amp;)', at + amp);
      if (ref.charCodeAt(0) === 35 /* # */) {
        const hex = ref.charCodeAt(1) === 120; /* x */
        const digits = ref.slice(hex ? 2 : 1);
        const valid = hex ? /^[0-9A-Fa-f]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
        if (!isXmlChar(code)) this.reject('malformed', `&${ref}; is not a character XML allows`, at + amp);
        out += String.fromCodePoint(code);
      } else {
        const value = PREDEFINED.get(ref);
        if (value === undefined) {
          if (!/^[^\s&;<>"']+$/.test(ref)) this.reject('malformed', 'a bare "&" (write &amp;)', at + amp);
          this.reject(
            'entity',
            `undefined entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; and character references exist without a DTD)`,
            at + amp,
          );
        }
        out += value;
      }
      last = semi + 1;
    }
    return out + raw.slice(last);
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end === -1) this.reject('malformed', 'unterminated comment');
    if (this.s.slice(this.i + 4, end).includes('--')) this.reject('malformed', '"--" is not allowed inside a comment');
    this.i = end + 3;
  }

  private cdata(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.reject('malformed', 'CDATA is not allowed outside the root element');
    const start = this.i + 9;
    const end = this.s.indexOf(']]>', start);
    if (end === -1) this.reject('malformed', 'unterminated CDATA section');
    const chunk = this.s.slice(start, end);
    if (FORBIDDEN_CHAR.test(chunk)) this.reject('malformed', 'a character not allowed in XML', start);
    this.appendText(top, chunk.includes('\r') ? chunk.replace(/\r\n?/g, '\n') : chunk, start);
    this.i = end + 3;
  }

  private name(what: string): string {
    const s = this.s;
    const start = this.i;
    // ASCII names (nearly all of them) by character codes; the regex only for the rest of Unicode.
    let j = start;
    let colon = -1;
    let ascii = true;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      if (isAsciiNameStart(c)) continue;
      if (j === start || colon === j - 1) break;
      if (isAsciiNameRest(c)) continue;
      if (c === 58 /* : */ && colon === -1) {
        colon = j;
        continue;
      }
      break;
    }
    if (ascii && j > start && colon !== j - 1) {
      this.i = j;
      if (s.charCodeAt(j) === 58) this.reject('malformed', `"${s.slice(start, j)}:" is not a qualified name`);
      return s.slice(start, j);
    }
    QNAME.lastIndex = start;
    const m = QNAME.exec(s);
    if (!m) this.reject('malformed', `expected ${what}`);
    this.i = QNAME.lastIndex;
    // A third colon part ("a:b:c") is not a QName.
    if (s.charCodeAt(this.i) === 58) this.reject('malformed', `"${m[0]}:" is not a qualified name`);
    return m[0];
  }

  private skipWs(): boolean {
    const s = this.s;
    const from = this.i;
    let j = from;
    for (let c = s.charCodeAt(j); c === 32 || c === 10 || c === 9 || c === 13; c = s.charCodeAt(++j));
    this.i = j;
    return j > from;
  }

  private startTag(): void {
    const s = this.s;
    const at = this.i;
    if (this.root && this.stack.length === 0) this.reject('malformed', 'a document has only one root element');
    if (this.stack.length + 1 > this.lim.maxDepth)
      this.reject('depth', `elements are nested deeper than ${this.lim.maxDepth} levels`);
    if (++this.elements > this.lim.maxElements)
      this.reject('elements', `the document has more than ${this.lim.maxElements} elements`);
    this.i++;
    const qname = this.name('an element name');
    const raw: RawAttribute[] = [];
    let names: Set<string> | undefined;
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipWs();
      const c = s.charCodeAt(this.i);
      if (c === 62 /* > */) {
        this.i++;
        break;
      }
      if (c === 47 /* / */ && s.charCodeAt(this.i + 1) === 62) {
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.reject('malformed', `<${qname}> is not closed`);
      if (!spaced) this.reject('malformed', `expected whitespace, ">" or "/>" in <${qname}>`);
      const attrName = this.name('an attribute name');
      this.skipWs();
      if (s.charCodeAt(this.i) !== 61 /* = */) this.reject('malformed', `attribute ${attrName} has no value`);
      this.i++;
      this.skipWs();
      const quote = s[this.i];
      if (quote !== '"' && quote !== "'") this.reject('malformed', `the value of ${attrName} is not quoted`);
      const close = s.indexOf(quote, this.i + 1);
      if (close === -1) this.reject('malformed', `the value of ${attrName} is not closed`);
      if (raw.length + 1 > this.lim.maxAttributes)
        this.reject('attributes', `an element has more than ${this.lim.maxAttributes} attributes`);
      if (close - this.i - 1 > this.lim.maxAttributeLength)
        this.reject(
          'attribute-length',
          `attribute ${attrName} is longer than ${this.lim.maxAttributeLength} characters`,
        );
      let value = s.slice(this.i + 1, close);
      if (value.includes('<')) this.reject('malformed', `"<" is not allowed in the value of ${attrName}`);
      if (FORBIDDEN_CHAR.test(value)) this.reject('malformed', 'a character not allowed in XML');
      if (value.includes('&')) value = this.decode(value, this.i + 1);
      // Attribute-value normalisation: literal whitespace characters become spaces.
      if (/[\t\r\n]/.test(value)) value = value.replace(/\r\n|[\t\r\n]/g, ' ');
      // A scan for the usual handful of attributes; a set once there are many (bounded by maxAttributes).
      if (names) {
        if (names.has(attrName)) this.reject('malformed', `duplicate attribute ${attrName}`);
        names.add(attrName);
      } else {
        for (const a of raw) if (a.qname === attrName) this.reject('malformed', `duplicate attribute ${attrName}`);
        if (raw.length >= 8) names = new Set([...raw.map((a) => a.qname), attrName]);
      }
      raw.push({ qname: attrName, value });
      this.i = close + 1;
    }
    this.open(qname, raw, at);
    if (selfClosing) this.close(at);
  }

  private open(qname: string, raw: RawAttribute[], at: number): void {
    let scope: Map<string, string> | null = null;
    for (const a of raw) {
      if (a.qname === 'xmlns') {
        if (a.value === XML_NAMESPACE || a.value === XMLNS_NAMESPACE)
          this.reject('malformed', `${a.value} cannot be the default namespace`, at);
        (scope ??= new Map()).set('', a.value);
      } else if (a.qname.startsWith('xmlns:')) {
        const prefix = a.qname.slice(6);
        if (prefix === 'xmlns') this.reject('malformed', 'the xmlns prefix cannot be declared', at);
        if (prefix === 'xml' ? a.value !== XML_NAMESPACE : a.value === XML_NAMESPACE || a.value === XMLNS_NAMESPACE) {
          this.reject('malformed', `the prefix ${prefix} cannot be bound to ${a.value}`, at);
        }
        if (a.value === '') this.reject('malformed', `the prefix ${prefix} cannot be undeclared`, at);
        (scope ??= new Map()).set(prefix, a.value);
      }
    }
    if (scope) {
      for (const [p, uri] of scope) {
        const stack = this.bindings.get(p);
        if (stack) stack.push(uri);
        else this.bindings.set(p, [uri]);
      }
    }

    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const el: XmlElement = {
      name: colon === -1 ? qname : qname.slice(colon + 1),
      ns: this.resolve(prefix, qname, at),
      prefix,
      attributes: [],
      children: [],
      text: '',
    };
    // Two prefixes bound to one URI can name the same attribute twice.
    let qualified: Set<string> | undefined;
    for (const a of raw) {
      const c = a.qname.indexOf(':');
      const p = c === -1 ? '' : a.qname.slice(0, c);
      const local = c === -1 ? a.qname : a.qname.slice(c + 1);
      let ns: string;
      if (a.qname === 'xmlns' || p === 'xmlns') ns = XMLNS_NAMESPACE;
      else ns = p === '' ? '' : this.resolve(p, a.qname, at);
      if (ns !== '' && ns !== XMLNS_NAMESPACE) {
        const expanded = `{${ns}}${local}`;
        if ((qualified ??= new Set()).has(expanded)) this.reject('malformed', `duplicate attribute ${expanded}`, at);
        qualified.add(expanded);
      }
      el.attributes.push({ name: local, ns, prefix: p, value: a.value });
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.el.children.push(el);
    else this.root = el;
    this.stack.push({ el, qname, scope, text: '' });
  }

  private resolve(prefix: string, qname: string, at: number): string {
    if (prefix === 'xml') return XML_NAMESPACE;
    const stack = this.bindings.get(prefix);
    if (stack && stack.length > 0) return stack[stack.length - 1]!;
    if (prefix === '') return '';
    this.reject('malformed', `unbound namespace prefix in ${qname}`, at);
  }

  private endTag(): void {
    const at = this.i;
    this.i += 2;
    const qname = this.name('an element name');
    this.skipWs();
    if (this.s.charCodeAt(this.i) !== 62) this.reject('malformed', `</${qname} is not closed`);
    this.i++;
    const top = this.stack[this.stack.length - 1];
    if (!top) this.reject('malformed', `</${qname}> closes nothing`, at);
    if (top.qname !== qname) this.reject('malformed', `</${qname}> closes <${top.qname}>`, at);
    this.close(at);
  }

  private close(_at: number): void {
    const frame = this.stack.pop()!;
    frame.el.text = frame.text;
    if (frame.scope) for (const p of frame.scope.keys()) this.bindings.get(p)!.pop();
  }
}

/** A-Z, a-z, _ : what may start an ASCII name part. */
function isAsciiNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** 0-9, '-', '.': what may follow, not start, an ASCII name part. */
function isAsciiNameRest(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 46;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
