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
  /** Where the tag's name starts and ends in the text (not sliced: most tags are never compared). */
  nameStart: number;
  nameEnd: number;
  /** Index just past the tag's `>`. */
  end: number;
}

/** Index past the end of a markup construct that is not an element tag, or -1 when `i` starts a tag. */
function skipNonElement(xml: string, i: number): number {
  const c = xml.charCodeAt(i + 1);
  if (c === 33 /* ! */) {
    if (xml.startsWith('<!--', i)) return after(xml, '-->', i + 4);
    if (xml.startsWith('<![CDATA[', i)) return after(xml, ']]>', i + 9);
    return after(xml, '>', i + 2);
  }
  if (c === 63 /* ? */) return after(xml, '?>', i + 2);
  return -1;
}

function after(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? xml.length : at + terminator.length;
}

/** Whitespace, `/` or `>`: what ends a tag's name. Character codes: this runs over every tag of every request. */
function endsName(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || Number.isNaN(c);
}

/** Reads the tag at `i` (xml[i] === '<'), honouring quoted attribute values. */
function readTag(xml: string, i: number): Tag {
  const closing = xml.charCodeAt(i + 1) === 47;
  let j = i + (closing ? 2 : 1);
  const nameStart = j;
  while (j < xml.length && !endsName(xml.charCodeAt(j))) j++;
  const nameEnd = j;
  for (; j < xml.length; j++) {
    const c = xml.charCodeAt(j);
    if (c === 62 /* > */) break;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = xml.indexOf(c === 34 ? '"' : "'", j + 1);
      if (close < 0) {
        j = xml.length;
        break;
      }
      j = close;
    }
  }
  const end = Math.min(j + 1, xml.length);
  const kind = closing ? 'end' : xml.charCodeAt(j - 1) === 47 ? 'empty' : 'start';
  return { kind, nameStart, nameEnd, end };
}

/** Whether the tag's local name (after any prefix) is a secret's, in any letter case. */
function isSecretName(xml: string, tag: Tag): boolean {
  for (const secret of SECRET_LOCAL_NAMES) {
    const from = tag.nameEnd - secret.length;
    if (from < tag.nameStart) continue;
    if (from > tag.nameStart && xml.charCodeAt(from - 1) !== 58 /* : */) continue;
    if (xml.slice(from, tag.nameEnd).toLowerCase() === secret) return true;
  }
  return false;
}

function sameName(xml: string, a: Tag, b: Tag): boolean {
  const length = a.nameEnd - a.nameStart;
  return length === b.nameEnd - b.nameStart && xml.startsWith(xml.slice(a.nameStart, a.nameEnd), b.nameStart);
}

/** Index of the start of the end tag that closes the element opened by `open`, or undefined. */
function closingTag(xml: string, open: Tag): { start: number; end: number } | undefined {
  let depth = 0;
  let i = open.end;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return undefined;
    const skipped = skipNonElement(xml, lt);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    const tag = readTag(xml, lt);
    if (sameName(xml, open, tag)) {
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
    if (tag.kind !== 'start' || !isSecretName(xml, tag)) continue;
    const close = closingTag(xml, tag);
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
