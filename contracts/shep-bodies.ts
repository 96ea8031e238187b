import type { Matcher, XmlElement } from '@pact-foundation/pact';
import {
  attrs,
  dateTimeLike,
  messageIdLike,
  sessionIdLike,
  soapXml,
  text,
  uuidLike,
  type SoapXml,
  type XmlAttrs,
} from './soap-xml.ts';
import { SOAP11_NS, SYNC_TYPES_NS, XSI_NS } from './wire.ts';

/**
 * SyncChannel v10 SendMessage requests, responses and faults as Pact bodies: the envelope of
 * docs/shep.md written with XmlBuilder, every value that varies from message to message given as a
 * matcher, and what the contract is about (serviceId, statuses, error codes) given literally.
 */

/** A child of requestData/data or responseData/data: a value (literal or matcher) or children. */
export interface DataNode {
  name: string;
  value?: string | Matcher<string>;
  children?: DataNode[];
}

export interface ShepRequestSpec {
  serviceId: string;
  /** Examples; the body matches any message id, date and correlation id of the same shape. */
  messageId: string;
  messageDate: string;
  correlationId?: string;
  sender: { senderId: string; password: string };
  dataType?: { ns: string; name: string };
  /** Omitted: a message without requestData. */
  data?: DataNode[];
}

export type ShepAnswerSpec =
  | {
      kind: 'response';
      messageId: string;
      correlationId: string;
      responseDate: string;
      sessionId: string;
      dataType?: { ns: string; name: string };
      data?: DataNode[];
    }
  | {
      kind: 'fault';
      faultcode: 'Client' | 'Server';
      errorCode: string;
      /** The field at fault, when the contract relies on it. */
      errorData?: string;
      errorDate: string;
      sessionId: string;
    };

function appendData(el: XmlElement, nodes: readonly DataNode[]): void {
  for (const n of nodes) {
    if (n.children) el.appendElement(n.name, attrs(), (c) => appendData(c, n.children!));
    else el.appendElement(n.name, attrs(), n.value ?? '');
  }
}

function dataAttrs(type: { ns: string; name: string } | undefined): XmlAttrs {
  return type ? { 'xmlns:xsi': XSI_NS, 'xmlns:dt': type.ns, 'xsi:type': `dt:${type.name}` } : {};
}

export function sendMessageBody(r: ShepRequestSpec): SoapXml {
  return soapXml('soap:Envelope', { 'xmlns:soap': SOAP11_NS }, (env) => {
    env.appendElement('soap:Body', attrs(), (body) => {
      body.appendElement('ns3:SendMessage', attrs({ 'xmlns:ns3': SYNC_TYPES_NS }), (sm) => {
        sm.appendElement('request', attrs({ xmlns: '' }), (req) => {
          req.appendElement('requestInfo', attrs(), (info) => {
            info.appendElement('messageId', attrs(), messageIdLike(r.messageId));
            if (r.correlationId !== undefined)
              info.appendElement('correlationId', attrs(), messageIdLike(r.correlationId));
            info.appendElement('serviceId', attrs(), r.serviceId);
            info.appendElement('messageDate', attrs(), dateTimeLike(r.messageDate));
            info.appendElement('sender', attrs(), (s) => {
              s.appendElement('senderId', attrs(), r.sender.senderId);
              s.appendElement('password', attrs(), r.sender.password);
            });
          });
          if (r.data) {
            req.appendElement('requestData', attrs(), (rd) => {
              rd.appendElement('data', attrs(dataAttrs(r.dataType)), (d) => appendData(d, r.data!));
            });
          }
        });
      });
    });
  });
}

export function answerBody(a: ShepAnswerSpec): SoapXml {
  if (a.kind === 'fault') {
    return soapXml('soap:Envelope', { 'xmlns:soap': SOAP11_NS }, (env) => {
      env.appendElement('soap:Body', attrs(), (body) => {
        body.appendElement('soap:Fault', attrs(), (f) => {
          f.appendElement('faultcode', attrs(), `soap:${a.faultcode}`);
          f.appendElement('faultstring', attrs(), text('The request is refused'));
          f.appendElement('detail', attrs(), (d) => {
            d.appendElement('ns2:SendMessageFault1_SendMessageFault', attrs({ 'xmlns:ns2': SYNC_TYPES_NS }), (e) => {
              e.appendElement('errorCode', attrs(), a.errorCode);
              e.appendElement('errorMessage', attrs(), text('The request is refused'));
              if (a.errorData !== undefined) e.appendElement('errorData', attrs(), a.errorData);
              e.appendElement('errorDate', attrs(), dateTimeLike(a.errorDate));
              e.appendElement('sessionId', attrs(), sessionIdLike(a.sessionId));
            });
          });
        });
      });
    });
  }
  return soapXml('soap:Envelope', { 'xmlns:soap': SOAP11_NS }, (env) => {
    env.appendElement('soap:Body', attrs(), (body) => {
      body.appendElement('ns2:SendMessageResponse', attrs({ 'xmlns:ns2': SYNC_TYPES_NS }), (smr) => {
        smr.appendElement('response', attrs(), (res) => {
          res.appendElement('responseInfo', attrs(), (info) => {
            info.appendElement('messageId', attrs(), uuidLike(a.messageId));
            info.appendElement('correlationId', attrs(), messageIdLike(a.correlationId));
            info.appendElement('responseDate', attrs(), dateTimeLike(a.responseDate));
            info.appendElement('status', attrs(), (s) => {
              s.appendElement('code', attrs(), 'SCSS001');
              s.appendElement('message', attrs(), 'Message has been processed successfully');
            });
            info.appendElement('sessionId', attrs(), sessionIdLike(a.sessionId));
          });
          if (a.data) {
            res.appendElement('responseData', attrs(), (rd) => {
              rd.appendElement('data', attrs(dataAttrs(a.dataType)), (d) => appendData(d, a.data!));
            });
          }
        });
      });
    });
  });
}
