import { describe, expect, it } from 'vitest';
import { buildWsdl } from '../../mocks/shep/wsdl.ts';
import { altered, good } from '../testing/recorded.ts';
import { schemaValid } from './schema-valid.ts';
import { SYNC_MESSAGE_INFO } from '../schema.ts';

describe('T-INIT-2 schema-valid', () => {
  it('passes the recorded messages', () => {
    expect(schemaValid.run(good()).status).toBe('PASSED');
  });
  it('fails requestInfo fields out of order', () => {
    const bad = altered(
      0,
      /<messageId>([^<]*)<\/messageId>(<serviceId>[^<]*<\/serviceId>)/,
      '$2<messageId>$1</messageId>',
    );
    const out = schemaValid.run(bad);
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('messageId');
  });
  it('fails a messageDate that is not an xs:dateTime', () => {
    const out = schemaValid.run(altered(0, /<messageDate>[^<]*</, '<messageDate>02.03.2026 10:00<'));
    expect(out.message).toContain('xs:dateTime');
  });
  it('fails an unknown KDP field and a missing required one', () => {
    expect(schemaValid.run(altered(0, '<company>', '<companyName>x</companyName><company>')).status).toBe('FAILED');
    expect(schemaValid.run(altered(0, /<employee_name>[^<]*<\/employee_name>/, '')).message).toContain('employee_name');
  });
  it("keeps in step with the WSDL the gateway serves (SyncMessageInfo's elements in order)", () => {
    const wsdl = buildWsdl('http://x/');
    const block = /<xsd:complexType name="SyncMessageInfo">([\s\S]*?)<\/xsd:complexType>/.exec(wsdl)![1]!;
    const names = [...block.matchAll(/name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(SYNC_MESSAGE_INFO.map((p) => p.name));
  });
});
