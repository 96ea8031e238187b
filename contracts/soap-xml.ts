import './pact-env.ts';
import { MatchersV3, XmlBuilder, type Matcher, type V3RegexMatcher, type XmlElement } from '@pact-foundation/pact';

/**
 * SOAP bodies for Pact, and the fix Pact needs for them (pact-js issue 632).
 *
 * Pact's XmlBuilder records a matcher's rule under the path as written, with prefixes:
 * `$.soap:Envelope.soap:Body.ns3:SendMessage.request.messageId.#text`. The core's XML matcher
 * looks rules up under namespace-URI paths,
 * `$['http://schemas.xmlsoap.org/soap/envelope/:Envelope']…request.messageId['#text']`, so on any
 * namespaced document the recorded rule never fires and the example is compared for equality.
 * `soapXml` builds the document with XmlBuilder and, from the same tree, emits every matcher again
 * under its URI-form path, to be given to `.matchingRules()` next to `.xmlBody()`.
 */

/** Attributes as XmlBuilder serialises them: a plain object (a Map would be written as `{}`). */
export type XmlAttrs = Record<string, string>;

export interface SoapXml {
  /** XmlBuilder's document, for `.xmlBody()`. */
  body: string;
  /** The same matchers under URI-form paths, for `.matchingRules()`. */
  rules: { body: { path: string; rules: Matcher<unknown>[] }[] };
}

/** XmlBuilder types attributes as a Map but serialises them with JSON.stringify: hand it an object. */
export function attrs(a: XmlAttrs = {}): Map<string, string> {
  return a as unknown as Map<string, string>;
}

export function soapXml(root: string, rootAttrs: XmlAttrs, build: (el: XmlElement) => void): SoapXml {
  const body = new XmlBuilder('1.0', 'UTF-8', root).build((el) => {
    el.setAttributes(attrs(rootAttrs));
    build(el);
  });
  return { body, rules: { body: uriFormRules(JSON.parse(body) as { root: JsonElement }) } };
}

interface JsonElement {
  name: string;
  attributes?: XmlAttrs;
  children?: (JsonElement | JsonText)[];
}
interface JsonText {
  content: string;
  matcher?: Matcher<unknown>;
}

/** Every text matcher of XmlBuilder's JSON document, under the path the core looks it up by. */
export function uriFormRules(doc: { root: JsonElement }): { path: string; rules: Matcher<unknown>[] }[] {
  const out: { path: string; rules: Matcher<unknown>[] }[] = [];
  const walk = (el: JsonElement, path: string, scope: ReadonlyMap<string, string>) => {
    const inScope = new Map(scope);
    for (const [name, value] of Object.entries(el.attributes ?? {})) {
      if (name === 'xmlns') inScope.set('', value);
      else if (name.startsWith('xmlns:')) inScope.set(name.slice(6), value);
    }
    const colon = el.name.indexOf(':');
    const prefix = colon < 0 ? '' : el.name.slice(0, colon);
    const local = colon < 0 ? el.name : el.name.slice(colon + 1);
    const uri = inScope.get(prefix) ?? '';
    if (colon >= 0 && !inScope.has(prefix))
      throw new Error(`soapXml: prefix ${prefix} of <${el.name}> is not declared`);
    const here = `${path}${segment(uri ? `${uri}:${local}` : local)}`;
    for (const c of el.children ?? []) {
      if ('name' in c) walk(c, here, inScope);
      else if (c.matcher) out.push({ path: `${here}['#text']`, rules: [c.matcher] });
    }
  };
  walk(doc.root, '$', new Map());
  return out;
}

function segment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `['${name.replaceAll("'", "\\'")}']`;
}

// --- matchers for the values an initiator and SHEP exchange -----------------------------------

const { regex } = MatchersV3;

/** A GUID, as SHEP and most clients write message ids. */
export const uuidLike = (example: string): V3RegexMatcher =>
  regex('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', example);
/** Any message id a client may choose: non-blank, no spaces at either end. */
export const messageIdLike = (example: string): V3RegexMatcher => regex('^\\S(.*\\S)?$', example);
/** A GUID in braces, as SHEP writes sessionId. */
export const sessionIdLike = (example: string): V3RegexMatcher =>
  regex('^\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}$', example);
/** An xs:dateTime with a zone (SHEP's own form, yyyy-MM-dd'T'HH:mm:ss.SSS+06:00, is one). */
export const dateTimeLike = (example: string): V3RegexMatcher =>
  regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$', example);
/** Twelve digits: an IIN or a BIN by shape (the checksum is the provider's to check). */
export const twelveDigits = (example: string): V3RegexMatcher => regex('^\\d{12}$', example);
/** A compact JWS (three base64url parts). */
export const jwsLike = (example: string): V3RegexMatcher =>
  regex('^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$', example);
/** A PEM SubjectPublicKeyInfo. */
export const pemPublicKeyLike = (example: string): V3RegexMatcher =>
  regex('^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\s]+-----END PUBLIC KEY-----\\s*$', example);
/** A calendar date, yyyy-MM-dd. */
export const dateLike = (example: string): V3RegexMatcher => regex('^\\d{4}-\\d{2}-\\d{2}$', example);
/** A Kazakh mobile number in the canonical +7XXXXXXXXXX form. */
export const phoneLike = (example: string): V3RegexMatcher => regex('^\\+7\\d{10}$', example);
/** A consent reference: eight hex capitals. */
export const refLike = (example: string): V3RegexMatcher => regex('^[0-9A-F]{8}$', example);
/** Any non-empty text of the example's type. */
export const text = (example: string): Matcher<string> => MatchersV3.string(example);

/**
 * Content-Type of SOAP 1.1, whole value: `text/xml`, with or without a UTF-8 charset, with or
 * without a space after the semicolon, charset in either case.
 */
export const SOAP_CONTENT_TYPE = '^text/xml(;\\s*charset=(utf|UTF)-8)?$';
export const soapContentType = (example = 'text/xml; charset=utf-8'): V3RegexMatcher =>
  regex(SOAP_CONTENT_TYPE, example);
