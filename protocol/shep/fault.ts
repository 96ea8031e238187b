import { optionalElement } from '../xml/build.ts';
import { child, childrenNamed, type XmlElement } from '../xml/element.ts';
import { FAULT_ELEMENT, SYNC_TYPES_NS } from './namespaces.ts';
import { soapEnvelope } from './soap.ts';

/**
 * SHEP's refusal on the wire: a SOAP 1.1 Fault whose detail is SendMessageFault1_SendMessageFault,
 * of type ErrorInfo {errorCode, errorMessage, errorData?, errorDate, subError*, sessionId}. Which
 * code the gateway answers when is the mock's business (mocks/shep/errors.ts); this is the shape.
 */

/** SOAP 1.1 faultcode (in the envelope namespace). */
export type SoapFaultCode = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

/** The one success status SHEP's responseInfo carries (REAL-SYSTEMS.md). */
export const SHEP_SUCCESS = { code: 'SCSS001', message: 'Message has been processed successfully' } as const;

/** ErrorInfo, the type of SendMessageFault1_SendMessageFault; subError is itself an ErrorInfo. */
export interface ErrorInfo {
  errorCode: string;
  errorMessage: string;
  errorData?: string;
  errorDate: string;
  subErrors: ErrorInfo[];
  sessionId?: string;
}

export function errorInfoContent(e: ErrorInfo): string {
  return (
    optionalElement('errorCode', e.errorCode) +
    optionalElement('errorMessage', e.errorMessage) +
    optionalElement('errorData', e.errorData) +
    optionalElement('errorDate', e.errorDate) +
    e.subErrors.map((s) => `<subError>${errorInfoContent(s)}</subError>`).join('') +
    optionalElement('sessionId', e.sessionId)
  );
}

/** A SOAP 1.1 Fault whose detail is SendMessageFault1_SendMessageFault (ErrorInfo). */
export function buildSoapFault(faultcode: SoapFaultCode, faultstring: string, info: ErrorInfo): string {
  return soapEnvelope(
    '<soap:Fault>' +
      `<faultcode>soap:${faultcode}</faultcode>` +
      optionalElement('faultstring', faultstring) +
      `<detail><ns2:${FAULT_ELEMENT} xmlns:ns2="${SYNC_TYPES_NS}">${errorInfoContent(info)}</ns2:${FAULT_ELEMENT}></detail>` +
      '</soap:Fault>',
  );
}

function leafText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name, '');
  return c === undefined ? undefined : c.text.trim();
}

export function readErrorInfo(el: XmlElement): ErrorInfo {
  const errorData = leafText(el, 'errorData');
  const sessionId = leafText(el, 'sessionId');
  return {
    errorCode: leafText(el, 'errorCode') ?? '',
    errorMessage: leafText(el, 'errorMessage') ?? '',
    ...(errorData !== undefined ? { errorData } : {}),
    errorDate: leafText(el, 'errorDate') ?? '',
    subErrors: childrenNamed(el, 'subError', '').map(readErrorInfo),
    ...(sessionId !== undefined ? { sessionId } : {}),
  };
}
