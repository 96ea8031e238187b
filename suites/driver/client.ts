import type { EvidenceLog } from '../evidence-log.ts';
import type {
  AccessRequestState,
  DescribeResponse,
  DriverEnvironment,
  DriverProblem,
  EnvironmentConfig,
  FetchResult,
  RevocationSyncResult,
  SigningKeyResponse,
  StartAccessRequest,
} from './protocol.ts';

export class DriverError extends Error {
  constructor(
    readonly status: number,
    readonly problem: DriverProblem | undefined,
    readonly evidenceId: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The typed client of driver protocol v1 (suites/driver/protocol.ts). Every call, answered or not,
 * is evidence: method, path, status, what was sent and what came back. The last call's evidence id
 * is kept so that a module can cite it.
 */
export class DriverClient {
  lastEvidenceId = '';

  constructor(
    readonly baseUrl: string,
    private readonly log: EvidenceLog,
    private readonly timeoutMs = 30_000,
  ) {}

  describe(): Promise<DescribeResponse> {
    return this.call('GET', '/describe');
  }

  async configure(environment: DriverEnvironment, config: EnvironmentConfig): Promise<void> {
    await this.call('PUT', `/environments/${environment}`, config, { password: '***' });
  }

  start(request: StartAccessRequest): Promise<AccessRequestState> {
    return this.call('POST', '/access-requests', request);
  }

  state(id: string): Promise<AccessRequestState> {
    return this.call('GET', `/access-requests/${encodeURIComponent(id)}`);
  }

  fetch(id: string): Promise<FetchResult> {
    return this.call('POST', `/access-requests/${encodeURIComponent(id)}/fetch`);
  }

  signingKey(): Promise<SigningKeyResponse> {
    return this.call('GET', '/signing-key');
  }

  /** The optional revocation job on demand (feature 'revocation'); a 404 is a DriverError. */
  syncRevocations(): Promise<RevocationSyncResult> {
    return this.call('POST', '/revocations/sync');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown, mask: Record<string, string> = {}): Promise<T> {
    const at = new Date().toISOString();
    let status = 0;
    let answer: unknown;
    try {
      const res = await fetch(this.baseUrl.replace(/\/$/, '') + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      answer = text ? safeJson(text) : undefined;
    } catch (err) {
      answer = { error: (err as Error).message };
    }
    const shown = body && typeof body === 'object' ? { ...(body as object), ...pick(body, mask) } : body;
    const id = this.log.add({
      kind: 'driver',
      at,
      method,
      path,
      status,
      ...(shown === undefined ? {} : { request: shown }),
      ...(answer === undefined ? {} : { response: answer }),
    });
    this.lastEvidenceId = id;
    if (status < 200 || status >= 300) {
      const problem = answer as DriverProblem | undefined;
      throw new DriverError(
        status,
        problem,
        id,
        `driver ${method} ${path}: ${status || 'unreachable'} ${problem?.title ?? (answer as { error?: string })?.error ?? ''}`.trim(),
      );
    }
    return answer as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text: text.slice(0, 2000) };
  }
}

/** Masked members that the body has (a password never goes into the evidence). */
function pick(body: unknown, mask: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mask).filter(([k]) => k in (body as object)));
}
