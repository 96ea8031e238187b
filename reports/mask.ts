import { createHash } from 'node:crypto';
import { isValidIin } from '../protocol/identifiers/iin.ts';

/**
 * Personal data out of everything a report shows: IINs, phone numbers, people's names, tokens and
 * JWTs, passwords and keys. One module, so that every renderer masks the same way: the report model
 * is built masked, and the renderers read only the model.
 *
 * Evidence is hostile input (whatever the system under test sent), so spellings are normalised
 * before matching: any Unicode decimal digit counts as a digit, XML character references and JSON
 * \u escapes of digits and '+' are decoded, and spaces, dashes, dots, brackets and invisible
 * characters between digits do not hide a number. Masking errs towards hiding: a 12-digit run that
 * is not a known organisation's BIN is masked as an IIN whether or not its checksum holds.
 *
 * Names cannot be recognised by pattern, so they are learned: the values of name fields (XML
 * elements and attributes, JSON keys, query parameters) anywhere in the run's evidence are masked
 * everywhere else too, in SMS texts, messages and notes, in any letter case.
 */

export interface MaskOptions {
  /** 12-digit numbers that are not personal data and stay readable: the organisations' BINs. */
  keep?: Iterable<string>;
  /** People's names already known (learned from the evidence with learnNames). */
  names?: Iterable<string>;
}

export interface Masker {
  text(s: string): string;
  /** Deep copy of a JSON-like value with every string masked and secret-named keys hidden. */
  value<T>(v: T): T;
}

// Separators a number may be spelled with: space (any), dash (any), dot, slash, brackets, invisible.
const SEP = String.raw`[\s\p{Pd}.\/()\u00AD\u200B-\u200D\u2060\uFEFF]`;
const D = String.raw`\p{Nd}`;

/** Field names whose values are people's names. */
const NAME_FIELD = String.raw`(?:(?:first|last|middle|given|family|full|sur|patronymic|father|employee|person|subject|contact|responsible|signer|holder)[_-]?name|surname|patronymic|fio|company[_-]?responsible|fullname|signatory)`;
/** Field names whose values are secrets (tokens, keys, passwords) or personal (birth, address). */
const SECRET_FIELD = String.raw`(?:password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|x-api-key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|kdpToken|infoAbtToken|ovt|public-?key|private-?key|publicKey|privateKey|otp|one[_-]?time[_-]?code|sms[_-]?code|authorization|cookie|set-cookie)`;
const PERSONAL_FIELD = String.raw`(?:birth[_-]?date|date[_-]?of[_-]?birth|birthday|dob|address|reg[_-]?address|document[_-]?number|doc[_-]?number|passport)`;
/** `code` holds a token's code in a KDP answer and a status in responseInfo: short codes stay. */
const CODE_FIELD = 'code';

function fingerprint(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** Decodes numeric references and escapes of digits and '+' so that they cannot hide a number. */
function decodeDigitEscapes(s: string): string {
  return toAsciiDigits(s)
    .replace(/&#(?:x0*(3[0-9]|2[bB])|0*(4[89]|5[0-7]|43));/g, (_, hex: string | undefined, dec: string | undefined) =>
      String.fromCharCode(hex ? parseInt(hex, 16) : Number(dec)),
    )
    .replace(/\\u00(3[0-9]|2[bB])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/%2[bB](?=[\s\p{Nd}(])/gu, '+');
}

/** Any script's decimal digit (full-width, Arabic-Indic…) as its ASCII digit: shown so in the report. */
function toAsciiDigits(s: string): string {
  return s.replace(/(?![0-9])\p{Nd}/gu, (ch) => {
    // Decimal digits come in blocks of ten from zero, some blocks adjacent (mathematical digits):
    // the value is the offset from the start of the run, modulo ten.
    const cp = ch.codePointAt(0)!;
    let start = cp;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((cp - start) % 10);
  });
}

function digitsOf(s: string): string {
  return toAsciiDigits(s).replace(/\D/g, '');
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const PEM = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;
// Kazakh (and any +7) mobile and landline numbers: +7 / 8 / 7, then ten digits, any separators.
const PHONE = new RegExp(
  String.raw`(?<![\p{Nd}\p{L}])(?:\+${SEP}*7|8|7)${SEP}*(?:${D}${SEP}{0,2}){9}${D}(?!${SEP}?\p{Nd})`,
  'gu',
);
// Twelve digits (IIN), any separators, not part of a longer number.
const TWELVE = new RegExp(String.raw`(?<![\p{Nd}])(?:${D}${SEP}{0,2}){11}${D}(?!${SEP}?\p{Nd})`, 'gu');

function fieldPatterns(names: string): RegExp[] {
  return [
    // <ns:field attr="…">value</ns:field>, value possibly CDATA
    new RegExp(
      String.raw`(<(?:[\w.-]+:)?(${names})(?:\s[^>]*)?>)((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)(</(?:[\w.-]+:)?\2\s*>)`,
      'giu',
    ),
    // field="value" (XML attribute)
    new RegExp(String.raw`(\b(${names})\s*=\s*)(["'])([^"']*)\3`, 'giu'),
    // "field": "value" (JSON text)
    new RegExp(String.raw`("(${names})"\s*:\s*")((?:[^"\\]|\\.)*)(")`, 'giu'),
    // field=value (query string, form)
    new RegExp(String.raw`((?:^|[?&;\s])(${names})=)([^&\s"'<#]*)`, 'giu'),
    // Field: value (HTTP header line)
    new RegExp(String.raw`(^|\n)(${names})(:[ \t]*)([^\r\n]*)`, 'giu'),
  ];
}

const NAME_PATTERNS = fieldPatterns(NAME_FIELD);
const SECRET_PATTERNS = fieldPatterns(SECRET_FIELD);
const PERSONAL_PATTERNS = fieldPatterns(PERSONAL_FIELD);
const CODE_PATTERNS = fieldPatterns(CODE_FIELD);

type Replace = (value: string) => string;

/** Applies `replace` to the value part of every field match of the given patterns. */
function maskFields(s: string, patterns: RegExp[], replace: Replace): string {
  const [element, attribute, json, query, header] = patterns as [RegExp, RegExp, RegExp, RegExp, RegExp];
  return s
    .replace(element, (_, open: string, _n: string, value: string, close: string) => open + replace(value) + close)
    .replace(attribute, (_, head: string, _n: string, q: string, value: string) => head + q + replace(value) + q)
    .replace(json, (_, head: string, _n: string, value: string, q: string) => head + replace(value) + q)
    .replace(query, (_, head: string, _n: string, value: string) => head + replace(value))
    .replace(header, (_, lead: string, n: string, colon: string, value: string) => lead + n + colon + replace(value));
}

function unwrapCdata(v: string): string {
  return v.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
}

const isBlank = (v: string) => unwrapCdata(v).trim() === '';
const maskedName: Replace = (v) => (isBlank(v) ? v : '[name]');
// A fingerprint lets a reader match two sightings of one token; a short secret (a password) could be
// guessed back from it, so it gets none.
const maskedSecret: Replace = (v) => {
  const value = unwrapCdata(v).trim();
  if (value === '') return v;
  return value.length < 24 ? '[secret]' : `[secret ${fingerprint(value)}]`;
};
const maskedPersonal: Replace = (v) => (isBlank(v) ? v : '[personal]');
// A status code (SCSS001, 00000, OK) is short; a token's code is long and random.
const maskedCode: Replace = (v) =>
  /^[A-Za-z0-9_.-]{0,12}$/.test(unwrapCdata(v).trim()) ? v : `[secret ${fingerprint(unwrapCdata(v).trim())}]`;

/** Values of name fields anywhere in these texts and values: the names to mask everywhere. */
export function learnNames(sources: Iterable<unknown>): Set<string> {
  const names = new Set<string>();
  const add = (v: string) => {
    const t = decodeXmlText(unwrapCdata(v)).trim();
    // Each part too: a full name's surname alone in an SMS is still the person.
    if (t.length >= 2) names.add(t);
    for (const part of t.split(/[\s,]+/u)) if (part.replace(/\P{L}/gu, '').length >= 3) names.add(part);
  };
  const nameKey = new RegExp(`^${NAME_FIELD}$`, 'iu');
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      maskFields(v, NAME_PATTERNS, (x) => (add(x), x));
      const trimmed = v.trim();
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
          visit(JSON.parse(trimmed));
        } catch {
          /* not JSON: the text patterns above have read it */
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (nameKey.test(k) && typeof x === 'string') add(x);
        else visit(x);
      }
    }
  };
  for (const s of sources) visit(s);
  return names;
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createMasker(options: MaskOptions = {}): Masker {
  const keep = new Set([...(options.keep ?? [])].map((b) => digitsOf(b)));
  const names = [...new Set(options.names ?? [])]
    .filter((n) => n.trim().length >= 2)
    .sort((a, b) => b.length - a.length);
  const namePattern =
    names.length > 0 ? new RegExp(`(?<!\\p{L})(?:${names.map(escapeRegExp).join('|')})(?!\\p{L})`, 'giu') : undefined;

  const text = (input: string): string => {
    let s = decodeDigitEscapes(input);
    s = s.replace(PEM, (m) => `[key ${fingerprint(m)}]`);
    s = maskFields(s, SECRET_PATTERNS, maskedSecret);
    s = maskFields(s, CODE_PATTERNS, maskedCode);
    s = maskFields(s, NAME_PATTERNS, maskedName);
    s = maskFields(s, PERSONAL_PATTERNS, maskedPersonal);
    s = s.replace(JWT, (m) => `[jwt ${fingerprint(m)}]`);
    s = s.replace(AUTH_SCHEME, (_, scheme: string, sp: string) => `${scheme}${sp}[secret]`);
    // A UUID's last group may be twelve digits (a messageId): kept, unless it is a valid IIN.
    const uuids: string[] = [];
    s = s.replace(UUID, (m) => (isValidIin(m.slice(-12)) ? m : `\u0000${uuids.push(m) - 1}\u0000`));
    s = s.replace(TWELVE, (m) => (keep.has(digitsOf(m)) ? m : '[iin]'));
    s = s.replace(PHONE, '[phone]');
    if (namePattern) s = s.replace(namePattern, '[name]');
    return s.replace(/\u0000(\d+)\u0000/g, (m, i: string) => uuids[Number(i)] ?? m);
  };

  const secretKey = new RegExp(`^${SECRET_FIELD}$`, 'iu');
  const nameKey = new RegExp(`^${NAME_FIELD}$`, 'iu');
  const personalKey = new RegExp(`^${PERSONAL_FIELD}$`, 'iu');
  const value = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(value);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && secretKey.test(k)) out[k] = maskedSecret(x);
        else if (typeof x === 'string' && nameKey.test(k)) out[k] = maskedName(x);
        else if (typeof x === 'string' && personalKey.test(k)) out[k] = maskedPersonal(x);
        else if (typeof x === 'string' && k === CODE_FIELD) out[k] = text(maskedCode(x));
        else if (typeof x === 'number' && digitsOf(String(x)).length === 12 && !keep.has(String(x))) out[k] = '[iin]';
        else out[k] = value(x);
      }
      return out;
    }
    return v;
  };
  return { text, value: <T>(v: T) => value(v) as T };
}
