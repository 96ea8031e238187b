/**
 * The revocation job (T-KDP-11, T-INIT-17): a subject's request to revoke a consent reaches the
 * initiator through KDP_LIST_TO_REVOKE; the initiator decides with KDP_SEND_SOLUTION and, having
 * accepted, stops using the token. The reference keeps no access under a legal obligation, so it
 * accepts every request it is shown. It runs on its own schedule and on demand (driver
 * `POST /revocations/sync`). Plain TypeScript: the gateways and timers are given to it.
 */
import type { DriverEnvironment, RevocationDecision, RevocationSyncResult } from '../../suites/driver/protocol.ts';
import type { Gateway } from './access-requests.ts';
import { escapeXml, KDP_NS } from './kdp-messages.ts';
import { ShepFault, ShepUnreachable } from './shep-client.ts';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface RevocationJobDeps {
  organisation: { bin: string };
  /** The environments configured so far, with their gateways. */
  gateways: () => [DriverEnvironment, Gateway][];
  /** Stops using every token held for the subject and data service; the access requests affected. */
  dropTokens: (environment: DriverEnvironment, iin: string, dataService: string) => string[];
}

/** One line of KDP_LIST_TO_REVOKE, as node-soap reads it. */
interface Listed {
  requestId: string;
  iin: string;
  dataService: string;
}

export class RevocationJob {
  /**
   * Runs one after another: a scheduled run and a driver's call must not decide the same request
   * twice, and a call made while a run is under way must not get that run's answer (its list was
   * read before the caller's request may have existed).
   */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RevocationJobDeps) {}

  run(): Promise<RevocationSyncResult> {
    const next = this.last.catch(() => undefined).then(() => this.once());
    this.last = next;
    return next;
  }

  private async once(): Promise<RevocationSyncResult> {
    const result: RevocationSyncResult = { decisions: [] };
    for (const [environment, gateway] of this.deps.gateways()) {
      try {
        const listed = readList(
          await gateway.send({
            serviceId: 'KDP_LIST_TO_REVOKE',
            data: () => typedData('getListToRevokeRequest', [['company_bin', this.deps.organisation.bin]]),
          }),
        );
        for (const r of listed) {
          await gateway.send({
            serviceId: 'KDP_SEND_SOLUTION',
            data: () =>
              typedData('sendSolutionRequest', [
                ['request_id', r.requestId],
                ['solution', 'ACCEPT'],
              ]),
          });
          // Accepted: the token is revoked at the state service; using it again would only be refused.
          const decision: RevocationDecision = {
            environment,
            revocationId: r.requestId,
            iin: r.iin,
            dataService: r.dataService,
            solution: 'ACCEPT',
            accessRequests: this.deps.dropTokens(environment, r.iin, r.dataService),
          };
          result.decisions.push(decision);
        }
      } catch (err) {
        if (!(err instanceof ShepFault || err instanceof ShepUnreachable)) throw err;
        (result.failures ??= []).push({
          environment,
          reason: err.message,
          ...(err instanceof ShepFault && err.errorCode ? { errorCode: err.errorCode } : {}),
        });
      }
    }
    return result;
  }
}

function typedData(type: string, fields: [string, string][]): string {
  const body = fields.map(([n, v]) => `<${n}>${escapeXml(v)}</${n}>`).join('');
  return `<data xmlns:xsi="${XSI_NS}" xmlns:kdp="${KDP_NS}" xsi:type="kdp:${type}">${body}</data>`;
}

/** node-soap reads one <request> as an object and several as an array. */
export function readList(data: Record<string, unknown>): Listed[] {
  const raw = data.request;
  const items = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return items.flatMap((item) => {
    const o = item as Record<string, unknown>;
    const requestId = text(o.request_id);
    const iin = text(o.uin);
    const dataService = text(o.access_name);
    return requestId && iin && dataService ? [{ requestId, iin, dataService }] : [];
  });
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '$value' in v) return text((v as { $value: unknown }).$value);
  return undefined;
}
