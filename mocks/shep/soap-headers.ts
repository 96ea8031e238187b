import { SOAP11_NS } from '../../protocol/shep/namespaces.ts';
import { attribute, type XmlElement } from '../../protocol/xml/element.ts';
import { ShepError } from './shep-error.ts';

/** WS-Security's header namespaces (1.0 secext, and the 1.1 one some stacks use): the gateway processes them. */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE11_NS = 'http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd';

export function isSecurityHeader(el: XmlElement): boolean {
  return el.name === 'Security' && (el.ns === WSSE_NS || el.ns === WSSE11_NS);
}

/**
 * SOAP 1.1 §4.2.3: a header block with mustUnderstand="1" that the receiver does not process must
 * be refused with a MustUnderstand fault. The gateway processes wsse:Security and nothing else;
 * other headers (WCF's ActivityId, WS-Addressing without the mark) are ignored.
 */
export function refuseNotUnderstood(header: XmlElement | undefined): void {
  for (const block of header?.children ?? []) {
    const mark = attribute(block, 'mustUnderstand', SOAP11_NS)?.trim();
    if ((mark === '1' || mark === 'true') && !isSecurityHeader(block)) {
      const name = `{${block.ns}}${block.name}`.slice(0, 200);
      throw new ShepError('MUST_UNDERSTAND', name, { errorData: name });
    }
  }
}
