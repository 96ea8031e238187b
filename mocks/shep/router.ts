import type { FaultPlan } from '../environment/faults.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRegistry } from './credentials.ts';
import type { ShepEnvironment } from './environments.ts';
import type { MessageIdClaim, UsedMessageIds } from './message-ids.ts';
import { ShepError, type ShepErrorCode } from './shep-error.ts';

/**
 * The SHEP gateway's core, transport-free: a message read by the SOAP adapter (soap.ts) is
 * authenticated, routed by serviceId, checked for a reused messageId, offered to the fault plan,
 * and handed to its service within the service timeout. Refusals are ShepError codes; the adapter
 * writes them as SOAP faults with ErrorInfo (soap-faults.ts). The payload and the answer are opaque here.
 *
 * A messageId is consumed once the message is authenticated and routable, whatever happens next
 * (as in real SHEP, where a (client, messageId) unique constraint guards the message store): a
 * client must retry with a new messageId.
 */

/** What a service routed by serviceId learns of the message that reached it. */
export interface ShepRequestContext {
  environment: ShepEnvironment;
  senderId: string;
  /** BIN of the organisation the authenticated sender belongs to. */
  senderBin?: string;
  messageId: string;
  correlationId?: string;
  serviceId: string;
  messageDate: string;
  /** Set by SHEP: a GUID in braces. */
  sessionId: string;
  properties: Record<string, string>;
}

/** requestInfo, as the adapter read it. */
export interface ShepMessageInfo {
  messageId: string;
  correlationId?: string;
  serviceId: string;
  messageDate: string;
  sender: { senderId: string; password?: string };
  properties: { key: string; value: string }[];
}

export interface RoutedService<Payload, Answer> {
  readonly serviceId: string;
  handle(payload: Payload | undefined, ctx: ShepRequestContext): Promise<Answer>;
}

export interface ShepRouterOptions {
  runtime: Runtime;
  faults: FaultPlan;
  credentials: CredentialRegistry;
  /** How long a service may take before the gateway refuses with SERVICE_TIMEOUT (real ms). */
  serviceTimeoutMs?: number;
  /** Which messageIds are consumed: their keys live on the journal's records. */
  usedMessageIds: UsedMessageIds;
}

const AUTH_REFUSALS = {
  'unknown-sender': (s: string, env: ShepEnvironment) =>
    new ShepError('UNKNOWN_SENDER', `"${s}" has no credential for the ${env} environment`),
  'wrong-password': (s: string) => new ShepError('WRONG_PASSWORD', `wrong password for sender "${s}"`),
  'missing-password': (s: string) => new ShepError('WRONG_PASSWORD', `sender/password is required for sender "${s}"`),
  'other-environment': (s: string, env: ShepEnvironment) =>
    new ShepError('OTHER_ENVIRONMENT', `"${s}" is a ${env === 'test' ? 'prod' : 'test'} credential, sent to ${env}`),
} satisfies Record<string, (s: string, env: ShepEnvironment) => ShepError>;

export class ShepRouter<Payload, Answer> {
  private readonly services = new Map<string, RoutedService<Payload, Answer>>();
  private readonly serviceTimeoutMs: number;

  constructor(private readonly options: ShepRouterOptions) {
    this.serviceTimeoutMs = options.serviceTimeoutMs ?? 30_000;
  }

  register(service: RoutedService<Payload, Answer>): void {
    if (!service.serviceId) throw new TypeError('a service needs a serviceId');
    if (this.services.has(service.serviceId))
      throw new Error(`a service is already registered under ${service.serviceId}`);
    this.services.set(service.serviceId, service);
  }

  unregister(serviceId: string): boolean {
    return this.services.delete(serviceId);
  }

  serviceIds(): string[] {
    return [...this.services.keys()];
  }

  /** Authenticates, routes and answers one message. Throws ShepError, or what the service threw. */
  async route(
    environment: ShepEnvironment,
    info: ShepMessageInfo,
    payload: Payload | undefined,
    sessionId: string,
    /** A verified Body signature: its key must be the holder's; it stands in for a missing password. */
    signature: { belongsTo(owner: string | undefined): Promise<void> } | undefined,
    /**
     * Told the key of the messageId this message consumed: the caller journals the exchange under it
     * and then settles it (UsedMessageIds.settle), whatever the outcome; until then it stays in flight.
     */
    consumed: { claim?: MessageIdClaim },
  ): Promise<Answer> {
    if (environment !== 'test' && environment !== 'prod') throw new Error(`unknown environment ${String(environment)}`);
    const { credentials } = this.options;
    const bySignature = signature !== undefined && !info.sender.password && credentials.holderOf !== undefined;
    const verdict = bySignature
      ? await credentials.holderOf!(info.sender.senderId, environment)
      : await credentials.verify(info.sender.senderId, info.sender.password, environment);
    if (!verdict.ok) throw AUTH_REFUSALS[verdict.reason](info.sender.senderId, environment);
    if (signature) await signature.belongsTo(verdict.owner);

    const service = this.services.get(info.serviceId);
    if (!service) throw new ShepError('UNKNOWN_SERVICE', `"${info.serviceId}"`);

    const claim = await this.options.usedMessageIds.claim(environment, info.sender.senderId, info.messageId);
    if (claim === undefined)
      throw new ShepError('DUPLICATE_MESSAGE', `"${info.messageId}"`, { errorData: info.messageId });
    consumed.claim = claim;

    const injected = this.options.faults.takeShepFault(info.serviceId);
    if (injected) throw new InjectedShepFault(injected.errorCode, injected.errorMessage);

    const properties: Record<string, string> = {};
    for (const p of info.properties) if (!(p.key in properties)) properties[p.key] = p.value;
    const ctx: ShepRequestContext = {
      environment,
      senderId: info.sender.senderId,
      ...(verdict.owner !== undefined ? { senderBin: verdict.owner } : {}),
      messageId: info.messageId,
      ...(info.correlationId !== undefined ? { correlationId: info.correlationId } : {}),
      serviceId: info.serviceId,
      messageDate: info.messageDate,
      sessionId,
      properties,
    };
    return this.call(service, payload, ctx);
  }

  private async call(
    service: RoutedService<Payload, Answer>,
    payload: Payload | undefined,
    ctx: ShepRequestContext,
  ): Promise<Answer> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ShepError('SERVICE_TIMEOUT', `${ctx.serviceId} took longer than ${this.serviceTimeoutMs} ms`)),
        this.serviceTimeoutMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([Promise.resolve().then(() => service.handle(payload, ctx)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A fault the environment's fault plan asked for (resilience tests): its code and message, as given. */
export class InjectedShepFault extends Error {
  override readonly name = 'InjectedShepFault';

  constructor(
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(errorMessage);
  }
}

export type { ShepErrorCode };
