import { SOAP11_NS } from './namespaces.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A SOAP 1.1 envelope as SHEP writes it: prefix soap, a Header only when there is one. */
export function soapEnvelope(body: string, header = ''): string {
  return `${XML_DECLARATION}<soap:Envelope xmlns:soap="${SOAP11_NS}">${header ? `<soap:Header>${header}</soap:Header>` : ''}<soap:Body>${body}</soap:Body></soap:Envelope>`;
}
