import { describe, expect, it } from 'vitest';
import type { XmlElement } from './element.ts';
import { parseXml } from './parse.ts';
import { serializeChildren, serializeXml } from './serialize.ts';

/** Structure without namespace-declaration attributes, which the serializer may move. */
function shape(el: XmlElement): unknown {
  return {
    name: el.name,
    ns: el.ns,
    attributes: el.attributes
      .filter((a) => a.ns !== 'http://www.w3.org/2000/xmlns/')
      .map((a) => [a.ns, a.name, a.value]),
    text: el.text,
    children: el.children.map(shape),
  };
}

function roundTrips(xml: string): void {
  const el = parseXml(xml);
  expect(shape(parseXml(serializeXml(el)))).toEqual(shape(el));
}

describe('serializeXml', () => {
  it('writes a document back to the same structure', () => {
    roundTrips('<a xmlns="urn:d" xmlns:p="urn:p" x="1" p:y="2"><b>t &amp; &lt;u&gt;</b><p:c/><d xmlns=""><e/></d></a>');
    roundTrips('<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b></p:a>');
    roundTrips('<a xml:lang="kk">Қазақ "тілі"</a>');
  });

  it('re-declares the namespaces of a subtree lifted out of its document', () => {
    const env = parseXml(
      '<s:E xmlns:s="urn:s" xmlns:k="urn:k" xmlns="urn:d"><s:B><data><k:x k:a="1">v</k:x><y/></data></s:B></s:E>',
    );
    const data = env.children[0]!.children[0]!;
    const out = serializeChildren(data);
    expect(out).toBe('<k:x xmlns:k="urn:k" k:a="1">v</k:x><y xmlns="urn:d"/>');
    const wrapped = parseXml(`<w>${out}</w>`);
    expect(wrapped.children.map((c) => [c.ns, c.name])).toEqual([
      ['urn:k', 'x'],
      ['urn:d', 'y'],
    ]);
  });

  it('undeclares the default namespace for an unqualified child of a defaulted parent', () => {
    const el = parseXml('<a xmlns="urn:d"><b xmlns=""/></a>');
    expect(serializeXml(el)).toBe('<a xmlns="urn:d"><b xmlns=""/></a>');
    expect(serializeChildren(el, new Map([['', 'urn:d']]))).toBe('<b xmlns=""/>');
  });

  it("keeps the element's own declarations, so a QName in xsi:type still resolves", () => {
    const el = parseXml('<data xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:t="urn:t" xsi:type="t:R"/>');
    const out = serializeXml(el);
    expect(out).toContain('xmlns:t="urn:t"');
    expect(out).toContain('xsi:type="t:R"');
  });

  it('escapes text and attribute values', () => {
    const el = parseXml('<a v="&quot;&lt;&amp;">&lt;/a&gt;&amp;</a>');
    expect(serializeXml(el)).toBe('<a v="&quot;&lt;&amp;">&lt;/a&gt;&amp;</a>');
  });
});
