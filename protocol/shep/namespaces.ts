/** Namespaces of SyncChannel v10 over SOAP 1.1, as REAL-SYSTEMS.md § "SHEP envelope" names them. */
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SYNC_TYPES_NS = 'http://bip.bee.kz/SyncChannel/v10/Types';
export const SYNC_INTERFACES_NS = 'http://bip.bee.kz/SyncChannel/v10/Interfaces';
/** Namespace of the shared types (ErrorInfo, SenderInfo, …) as public JAXB bindings name it. */
export const COMMON_TYPES_NS = 'http://bip.bee.kz/common/v10/Types';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** The fault detail element; its type is ErrorInfo. */
export const FAULT_ELEMENT = 'SendMessageFault1_SendMessageFault';
