import { describe, expect, it } from 'vitest';
import { altered, good } from '../testing/recorded.ts';
import { kdpAccessName } from './kdp-access-name.ts';
import { kdpCompanyBin } from './kdp-company-bin.ts';
import { kdpExpiresIn } from './kdp-expires-in.ts';
import { kdpIin } from './kdp-iin.ts';
import { kdpPurpose } from './kdp-purpose.ts';

describe('T-INIT-8 KDP fields', () => {
  it('kdp-iin passes valid IINs and fails a wrong check digit (request and data call)', () => {
    expect(kdpIin.run(good()).status).toBe('PASSED');
    expect(kdpIin.run(altered(0, /<uin>(\d{11})\d<\/uin>/, '<uin>$1X</uin>')).evidence).toEqual(['x1']);
    const iin = /<iin>(\d+)<\/iin>/;
    const bad = altered(3, iin, '<iin>123456789012</iin>');
    expect(kdpIin.run(bad).evidence).toEqual(['x4']);
  });
  it("kdp-company-bin passes the own BIN and fails another's", () => {
    expect(kdpCompanyBin.run(good()).status).toBe('PASSED');
    expect(kdpCompanyBin.run(altered(0, /<company_bin>\d+</, '<company_bin>970140026037<')).status).toBe('FAILED');
  });
  it('kdp-access-name passes approved services and fails another', () => {
    expect(kdpAccessName.run(good()).status).toBe('PASSED');
    expect(
      kdpAccessName.run(altered(0, '<access_name>GBDFLUniversal_token', '<access_name>FNO_SERVICE')).message,
    ).toContain('FNO_SERVICE');
  });
  it('kdp-purpose passes a sentence and fails placeholders', () => {
    expect(kdpPurpose.run(good()).status).toBe('PASSED');
    for (const p of ['test', 'personal data', 'GBDFLUniversal_token', '12345', ''])
      expect(kdpPurpose.run(altered(0, /<personal_data_name>[^<]*</, `<personal_data_name>${p}<`)).status).toBe(
        'FAILED',
      );
  });
  it('kdp-expires-in passes 3600 s and fails 30 s, 1.5 and six years', () => {
    expect(kdpExpiresIn.run(good()).status).toBe('PASSED');
    for (const v of ['30', '1.5', '189216000'])
      expect(kdpExpiresIn.run(altered(0, /<expiresIn>\d+</, `<expiresIn>${v}<`)).status).toBe('FAILED');
  });
});
