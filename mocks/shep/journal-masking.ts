/**
 * Secrets out of the journal's evidence (T-SHEP-11): the journal keeps the raw SOAP text, and a
 * password can be spelled many ways in XML — plain, in CDATA, split by a comment, as character
 * references, text and CDATA mixed — so masking cannot be a pattern over one spelling. Instead:
 *
 * 1. every element whose local name is `password` (sender/password, wsse:Password) is found as
 *    the XML reader finds it: comments, CDATA sections and processing instructions are stepped
 *    over, attribute values are read with their quotes. Its whole content, whatever its spelling,
 *    becomes `***`; an element never closed is masked to the end of the text.
 * 2. the values the gateway actually parsed (what it authenticated with) are then removed wherever
 *    else they appear verbatim, so a copy in another field does not keep the secret either.
 *
 * Linear in the text; never throws.
 */

export const MASK = '***';
const SECRET_LOCAL_NAMES = new Set(['password']);
/** A parsed value shorter than this is not scrubbed elsewhere: it would mask ordinary text. */
const MIN_SCRUB_LENGTH = 4;

interface Tag {
  kind: 'start' | 'end' | 'empty';
  name: string;
  /** Index just past the tag's `>`. */
  end: number;
}

/** Index past the end of a markup construct that is not an element tag, or -1 when `i` starts a tag. */
function skipNonElement(xml: string, i: number): number {
  if (xml.startsWith('<!--', i)) return after(xml, '-->', i + 4);
  if (xml.startsWith('<![CDATA[', i)) return after(xml, ']]>', i + 9);
  if (xml.startsWith('<?', i)) return after(xml, '?>', i + 2);
  if (xml.startsWith('<!', i)) return after(xml, '>', i + 2);
  return -1;
}

function after(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? xml.length : at + terminator.length;
}

/** Reads the tag at `i` (xml[i] === '<'), honouring quoted attribute values. */
function readTag(xml: string, i: number): Tag {
  const closing = xml[i + 1] === '/';
  let j = i + (closing ? 2 : 1);
  const nameStart = j;
  while (j < xml.length && !/[\s/>]/.test(xml[j]!)) j++;
  const name = xml.slice(nameStart, j);
  let quote: string | undefined;
  for (; j < xml.length; j++) {
    const c = xml[j]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') break;
  }
  const end = Math.min(j + 1, xml.length);
  const kind = closing ? 'end' : xml[j - 1] === '/' ? 'empty' : 'start';
  return { kind, name, end };
}

function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1).toLowerCase();
}

/** Index of the start of the end tag that closes an element named `name` whose content starts at `from`, or -1. */
function closingTag(xml: string, name: string, from: number): { start: number; end: number } | undefined {
  let depth = 0;
  let i = from;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return undefined;
    const skipped = skipNonElement(xml, lt);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    const tag = readTag(xml, lt);
    if (tag.name === name) {
      if (tag.kind === 'start') depth++;
      else if (tag.kind === 'end') {
        if (depth === 0) return { start: lt, end: tag.end };
        depth--;
      }
    }
    i = tag.end;
  }
  return undefined;
}

/** The text with the content of every password element replaced by `***`. */
export function maskSecretElements(xml: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const skipped = skipNonElement(xml, lt);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    const tag = readTag(xml, lt);
    i = tag.end;
    if (tag.kind !== 'start' || !SECRET_LOCAL_NAMES.has(localName(tag.name))) continue;
    const close = closingTag(xml, tag.name, tag.end);
    out += xml.slice(copied, tag.end) + MASK;
    if (!close) return out;
    copied = close.start;
    i = close.end;
  }
  return out + xml.slice(copied);
}

/**
 * What the journal keeps of a SHEP request: every password element masked, then every secret the
 * gateway parsed (`parsed`) removed wherever it still appears.
 */
export function maskSecrets(xml: string, parsed: readonly (string | undefined)[] = []): string {
  let masked = maskSecretElements(xml);
  for (const secret of parsed) {
    if (secret !== undefined && secret.length >= MIN_SCRUB_LENGTH) masked = masked.split(secret).join(MASK);
  }
  return masked;
}
