/**
 * The initiator's side of SHEP and the state service, as an integrating system would write it:
 * SendMessage envelopes, a consent request by a named way, the data call with the access token.
 * The bench and the end-to-end suites drive the environment through it; it is also a small worked
 * example of the wire format (docs/shep.md, docs/kdp.md).
 *
 * Transport-agnostic: give it `post(path, xml)` over fetch, fastify inject or msw.
 */
import type { JWK } from 'jose';
import { formatShepDate } from '../../protocol/dates.ts';
import {
  readUserDataResponse,
  signOvt,
  tokenDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  userDataRequestXml,
  type UserDataRequestFields,
  type UserDataResponse,
} from '../../protocol/kdp/index.ts';
import { buildSendMessageRequest, parseShepReply, type ShepReply } from '../../protocol/shep/envelope.ts';
import type { XmlElement } from '../../protocol/xml/element.ts';

export type Post = (path: string, xml: string) => Promise<string>;

export interface InitiatorIdentity {
  bin: string;
  name: string;
  credentials: { test: { senderId: string; password: string }; prod: { senderId: string; password: string } };
  /** The key registered under R10.2, for own means. */
  signingKey?: { privateJwk: JWK; kid: string; alg: 'RS256' | 'ES256' };
}

export class ShepFaultError extends Error {
  constructor(readonly reply: Extract<ShepReply, { kind: 'fault' }>) {
    super(`SOAP fault ${reply.errorInfo?.errorCode ?? '?'}: ${reply.faultstring}`);
  }
}

export class InitiatorClient {
  private n = 0;

  constructor(
    private readonly post: Post,
    readonly org: InitiatorIdentity,
    readonly environment: 'test' | 'prod' = 'test',
    /** Time for messageDate and token claims: the environment's virtual clock when there is one. */
    private readonly nowMs: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** One SendMessage; the reply, fault or not. */
  async send(
    serviceId: string,
    dataXml: string,
    extra: {
      correlationId?: string;
      properties?: Record<string, string>;
      dataType?: { ns: string; name: string };
      messageId?: string;
    } = {},
  ): Promise<ShepReply> {
    const xml = buildSendMessageRequest({
      requestInfo: {
        messageId: extra.messageId ?? `${this.newId()}-${++this.n}`,
        ...(extra.correlationId ? { correlationId: extra.correlationId } : {}),
        serviceId,
        messageDate: formatShepDate(this.nowMs()),
        sender: this.org.credentials[this.environment],
        properties: Object.entries(extra.properties ?? {}).map(([key, value]) => ({ key, value })),
      },
      dataXml,
      ...(extra.dataType ? { dataType: extra.dataType } : {}),
    });
    return parseShepReply(await this.post(`/${this.environment}/bip-sync-wss-gost/`, xml));
  }

  /** The reply's data, or a ShepFaultError. */
  static data(reply: ShepReply): XmlElement | undefined {
    if (reply.kind === 'fault') throw new ShepFaultError(reply);
    return reply.data;
  }

  fields(uin: string, accessName: string, more: Partial<UserDataRequestFields> = {}): UserDataRequestFields {
    return {
      uin,
      company: this.org.name,
      company_bin: this.org.bin,
      company_responsible: 'Compliance',
      employee_name: 'Operator',
      access_name: accessName,
      personal_data_name: 'personal data',
      expiresIn: 3600,
      ...more,
    };
  }

  /** KDP_SERVICE: a consent request; the answer as the state service gave it (PENDING, APPROVED, …). */
  async requestConsent(
    uin: string,
    accessName: string,
    more: Partial<UserDataRequestFields> = {},
    extra: { correlationId?: string; properties?: Record<string, string> } = {},
  ): Promise<UserDataResponse> {
    const reply = await this.send('KDP_SERVICE', userDataRequestXml(this.fields(uin, accessName, more)), {
      ...extra,
      dataType: USER_DATA_REQUEST_TYPE,
    });
    return readUserDataResponse(InitiatorClient.data(reply));
  }

  /** Own means (R7.2): omit-sms with an ovt signed by the registered key; approved at once. */
  async consentByOwnMeans(uin: string, accessName: string, audience: string): Promise<UserDataResponse> {
    if (!this.org.signingKey) throw new Error(`${this.org.name} has no signing key for own means`);
    const ovt = await signOvt(this.org.signingKey, {
      cbin: this.org.bin,
      uin,
      accessName,
      audience,
      nowSec: Math.floor(this.nowMs() / 1000),
      jti: this.newId(),
    });
    return this.requestConsent(uin, accessName, { 'omit-sms': true, ovt });
  }

  /** A data service called with an access token (code + public-key) as kdpToken and publicKey. */
  fetchData(serviceId: string, uin: string, token: { code: string; publicKey: string }): Promise<ShepReply> {
    const messageId = `${this.newId()}-${++this.n}`;
    const messageDate = formatShepDate(this.nowMs());
    const sender = this.org.credentials[this.environment].senderId;
    return this.send(
      serviceId,
      tokenDataRequestXml({
        messageId,
        messageDate,
        senderCode: sender,
        iin: uin,
        kdpToken: token.code,
        publicKey: token.publicKey,
      }),
      { messageId },
    );
  }
}
