/**
 * SHEP SyncChannel v10 the way a Node integrator talks to it: a node-soap client built from the WSDL
 * the gateway serves at `?wsdl`, with the service's own data written as an XML string (`data` is
 * xsd:anyType in the WSDL, so no generated type can describe it). Nothing here comes from the
 * project's own codecs: a mistake in them cannot hide on both sides of the wire.
 */
import * as soap from 'soap';
import { NO_DEFECTS, type Defects } from './defects.ts';
import { kazakhstanDateTime, KAZAKHSTAN_OFFSET } from './kazakhstan-time.ts';

export interface ShepEndpoint {
  shepUrl: string;
  senderId: string;
  password: string;
}

/** A SOAP fault from the gateway or a service behind it, as ErrorInfo describes it. */
export class ShepFault extends Error {
  constructor(
    /** 'Client', 'Server' or 'VersionMismatch', without the prefix. */
    readonly faultcode: string,
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ShepFault';
  }

  /** The gateway's or the service's side failed: the same message may succeed later. */
  get transient(): boolean {
    return this.faultcode === 'Server';
  }
}

/** The gateway could not be reached or answered something that is not SOAP. */
export class ShepUnreachable extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'ShepUnreachable';
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the first retry; doubled before each further one. */
  delayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, delayMs: 200 };

export interface SendMessage {
  serviceId: string;
  correlationId?: string;
  properties?: Record<string, string>;
  /**
   * The `<data>` element. Given the attempt's messageId and messageDate, because data services
   * repeat them inside their data and every attempt is a new message.
   */
  data: (message: { messageId: string; messageDate: string }) => string;
}

export interface ShepClientDeps {
  now: () => number;
  newId: () => string;
  sleep: (ms: number) => Promise<void>;
  retry: RetryPolicy;
  /** Per call; above the gateway's own service timeout (30 s), so its ESYS002 arrives first. */
  timeoutMs?: number;
  /** Declared defects (issue 9); none in the reference. */
  defects?: Defects;
}

type SendMessageResult = [
  { response?: { responseInfo?: { status?: { code?: string } }; responseData?: { data?: unknown } } },
  string,
];

interface SoapClient {
  SendMessageAsync(args: unknown, options?: unknown): Promise<SendMessageResult>;
}

export class ShepClient {
  private client: Promise<SoapClient> | undefined;

  constructor(
    readonly endpoint: ShepEndpoint,
    private readonly deps: ShepClientDeps,
  ) {}

  /**
   * One SendMessage: `data` of the answer (node-soap's reading of it), or a ShepFault /
   * ShepUnreachable. A transient failure is retried within the budget, each time as a new message
   * with a new messageId (SHEP refuses a repeated one).
   */
  async send(message: SendMessage): Promise<Record<string, unknown>> {
    const defects = this.deps.defects ?? NO_DEFECTS;
    let wait = this.deps.retry.delayMs;
    // DEFECT message-id-reused-on-retry: the id is made once per message, not once per attempt.
    const sameId = defects.has('message-id-reused-on-retry') ? this.deps.newId() : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(message, sameId);
      } catch (err) {
        let transient = (err instanceof ShepFault || err instanceof ShepUnreachable) && err.transient;
        // DEFECT transient-fault-not-retried: a fault is a fault.
        if (defects.has('transient-fault-not-retried')) transient = false;
        // DEFECT refusal-retried: every fault is worth another try, a refusal (Client) too.
        if (defects.has('refusal-retried') && err instanceof ShepFault) transient = true;
        if (!transient || attempt >= this.deps.retry.attempts) throw err;
        await this.deps.sleep(wait);
        wait *= 2;
      }
    }
  }

  private async sendOnce(message: SendMessage, reusedId?: string): Promise<Record<string, unknown>> {
    const defects = this.deps.defects ?? NO_DEFECTS;
    const client = await this.soapClient();
    const messageId = reusedId ?? this.deps.newId();
    let messageDate = kazakhstanDateTime(this.deps.now());
    // DEFECT message-date-utc: the server's ISO string, in UTC.
    if (defects.has('message-date-utc')) messageDate = new Date(this.deps.now()).toISOString();
    // DEFECT message-date-old-offset: the +06:00 of before March 2024 kept on today's +05:00 wall clock.
    if (defects.has('message-date-old-offset')) messageDate = messageDate.replace(KAZAKHSTAN_OFFSET, '+06:00');
    // DEFECT message-date-without-millis: a formatter pattern of yyyy-MM-dd'T'HH:mm:ssXXX.
    if (defects.has('message-date-without-millis')) messageDate = messageDate.replace(/\.\d{3}(?=[+-])/, '');
    // DEFECT message-date-plus-six: the server's zone still set to UTC+6 (Asia/Almaty before March
    // 2024): the right instant, written with +06:00 where the profile expects +05:00.
    if (defects.has('message-date-plus-six'))
      messageDate = `${new Date(this.deps.now() + 6 * 3_600_000).toISOString().slice(0, 23)}+06:00`;
    const args = {
      request: {
        requestInfo: {
          messageId,
          ...(message.correlationId ? { correlationId: message.correlationId } : {}),
          serviceId: message.serviceId,
          messageDate,
          sender: { senderId: this.endpoint.senderId, password: this.endpoint.password },
          ...(message.properties
            ? { properties: Object.entries(message.properties).map(([key, value]) => ({ key, value })) }
            : {}),
        },
        requestData: { $xml: message.data({ messageId, messageDate }) },
      },
    };
    let result: SendMessageResult;
    // DEFECT shep-timeout-one-second: a client timeout copied from an in-house service.
    const timeout = defects.has('shep-timeout-one-second') ? 1_000 : (this.deps.timeoutMs ?? 40_000);
    try {
      result = await client.SendMessageAsync(args, { timeout });
    } catch (err) {
      // DEFECT soap-fault-parsed-as-success: the fault's body read as if it were the answer.
      if (defects.has('soap-fault-parsed-as-success') && asShepError(err) instanceof ShepFault) return {};
      throw asShepError(err);
    }
    const data = result[0]?.response?.responseData?.data;
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  }

  private soapClient(): Promise<SoapClient> {
    const legacy = (this.deps.defects ?? NO_DEFECTS).has('purpose-in-windows-1251');
    this.client ??= soap
      .createClientAsync(
        `${this.endpoint.shepUrl}?wsdl`,
        { disableCache: true, ...(legacy ? { httpClient: new LegacyEncodingHttp() } : {}) },
        this.endpoint.shepUrl,
      )
      .then((c) => c as unknown as SoapClient)
      .catch((err: unknown) => {
        // The next message tries again: the gateway may just not be up yet.
        this.client = undefined;
        throw new ShepUnreachable(
          `the WSDL at ${this.endpoint.shepUrl}?wsdl could not be read: ${describe(err)}`,
          true,
        );
      });
    return this.client;
  }
}

interface NodeSoapError {
  root?: {
    Envelope?: {
      Body?: {
        Fault?: {
          faultcode?: string;
          faultstring?: string;
          detail?: { SendMessageFault1_SendMessageFault?: { errorCode?: string; errorMessage?: string } };
        };
      };
    };
  };
  response?: { status?: number };
}

function asShepError(err: unknown): Error {
  const e = err as NodeSoapError;
  const fault = e?.root?.Envelope?.Body?.Fault;
  if (fault) {
    const info = fault.detail?.SendMessageFault1_SendMessageFault;
    const faultcode = String(fault.faultcode ?? 'Server').replace(/^.*:/, '');
    return new ShepFault(faultcode, info?.errorCode, String(info?.errorMessage ?? fault.faultstring ?? 'SOAP fault'));
  }
  const status = e?.response?.status;
  // No answer at all, or a 5xx that is not SOAP (a proxy in between): worth another try.
  return new ShepUnreachable(
    status
      ? `the gateway answered HTTP ${status} without a SOAP fault`
      : `the gateway is unreachable: ${describe(err)}`,
    status === undefined || status >= 500,
  );
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * DEFECT purpose-in-windows-1251: personal_data_name comes from a legacy database column in
 * windows-1251, and its bytes are pasted into a body declared (and otherwise written) as UTF-8.
 */
class LegacyEncodingHttp extends soap.HttpClient {
  override buildRequest(
    ...args: Parameters<soap.HttpClient['buildRequest']>
  ): ReturnType<soap.HttpClient['buildRequest']> {
    const options = super.buildRequest(...args);
    const body: unknown = options.data;
    const m = typeof body === 'string' ? /<personal_data_name>([^<]*)<\/personal_data_name>/.exec(body) : null;
    if (typeof body === 'string' && m) {
      const at = m.index + '<personal_data_name>'.length;
      options.data = Buffer.concat([
        Buffer.from(body.slice(0, at), 'utf8'),
        windows1251(m[1]!),
        Buffer.from(body.slice(at + m[1]!.length), 'utf8'),
      ]);
      if (options.headers) options.headers['Content-Length'] = (options.data as Buffer).length;
    }
    return options;
  }
}

/** Cyrillic to windows-1251 bytes (А–я at 0xC0–0xFF, Ё 0xA8, ё 0xB8); ASCII as is. */
function windows1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (code === 0x401) return 0xa8;
      if (code === 0x451) return 0xb8;
      return 0x3f;
    }),
  );
}
