import type { ShepResponseData } from '../../protocol/shep/envelope.ts';
import type { XmlElement } from '../../protocol/xml/element.ts';
import type { RoutedService, ShepRequestContext } from './router.ts';

/** The business answer, placed by the gateway inside responseData/data. */
export type ShepServiceResponse = ShepResponseData;

/** A service behind the gateway (KDP_SERVICE, GBDFLUniversal_token, the echo service, …). */
export interface ShepService extends RoutedService<XmlElement, ShepServiceResponse> {
  /** `data` is requestData/data, or undefined when the request had none. Throw ShepFault to refuse. */
  handle(data: XmlElement | undefined, ctx: ShepRequestContext): Promise<ShepServiceResponse>;
}

/**
 * A refusal in SHEP's own form: the gateway answers a SOAP 1.1 Fault whose detail is ErrorInfo
 * {errorCode, errorMessage, errorData?, errorDate, subError*, sessionId}. The gateway's own codes are
 * in soap-faults.ts and docs/shep.md; a service's code passes through unchanged.
 */
export class ShepFault extends Error {
  constructor(
    readonly errorCode: string,
    readonly errorMessage: string,
    /** Nested causes, rendered as ErrorInfo/subError (errorData: e.g. the path of the field at fault). */
    readonly subErrors: { errorCode: string; errorMessage: string; errorData?: string }[] = [],
    /** 'Client' when the sender's message is at fault, 'Server' otherwise (SOAP 1.1 faultcode). */
    readonly faultActor: 'Client' | 'Server' = 'Client',
    /** Rendered as ErrorInfo/errorData when given. */
    readonly errorData?: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
  }
}
