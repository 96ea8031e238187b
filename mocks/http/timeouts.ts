/**
 * How long a client may take to send its request: a slow or stalled client (slowloris: headers a
 * byte at a time, a body that never ends) is cut off instead of holding a socket forever. Node's
 * own defaults (60 s for headers, 300 s for the whole request, checked every 30 s) are far longer
 * than any client of a test environment needs. Answer time is not bounded here: long polls (the
 * virtual phone's wait, the 'wait' outcome mode) hold an answer, not a request.
 */
export interface RequestTimeouts {
  /** Until the headers are complete (ms). Default 10 000. */
  headersMs?: number;
  /** Until the whole request, body included, has arrived (ms). Default 60 000. */
  requestMs?: number;
}

/** fastify options that apply them (the `http` part goes to node's http.createServer). */
export function requestTimeoutOptions(t: RequestTimeouts = {}) {
  const headersMs = t.headersMs ?? 10_000;
  const requestMs = Math.max(t.requestMs ?? 60_000, headersMs);
  return {
    requestTimeout: requestMs,
    http: {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.min(1_000, headersMs),
    },
  };
}
