import { describe, expect, it } from 'vitest';
import { altered, good } from '../testing/recorded.ts';
import { soapEnvelope } from './soap-envelope.ts';

describe('T-INIT-1 soap-envelope', () => {
  it('passes the recorded SOAP 1.1 SendMessages', () => {
    expect(soapEnvelope.run(good()).status).toBe('PASSED');
  });
  it('fails a SOAP 1.2 envelope', () => {
    const bad = altered(
      0,
      /http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//g,
      'http://www.w3.org/2003/05/soap-envelope',
    );
    const out = soapEnvelope.run(bad);
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toEqual(['x1']);
  });
  it('fails a qualified request', () => {
    expect(soapEnvelope.run(altered(1, '<request xmlns="">', '<ns3:request>')).status).toBe('FAILED');
  });
  it('fails a body that is not XML', () => {
    const out = soapEnvelope.run(altered(2, /<\/soap:Envelope>$/, ''));
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('x3');
  });
});
