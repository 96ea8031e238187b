import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderStateFailed, UnknownProviderState, type ProviderStates } from './provider-states.ts';
import { childText, parseShepReply, parseXml } from './wire.ts';

/**
 * What the Pact verifier talks to: the provider-state endpoint, and the mock environment behind
 * it. The Pact core applies no provider-state values to XML bodies, so the proxy does: a value a
 * state replaced (a consent request's id, an access token) is swapped in the request's element
 * text, and swapped back in the answer. It also notes, interaction by interaction, what the
 * states did and what SHEP answered, for the result.
 */

export const STATE_PATH = '/_kdp-conformance/provider-states';

export interface Episode {
  states: { name: string; params: Record<string, unknown>; error?: string; unknown?: boolean }[];
  substitutions: Map<string, string>;
  replayAt?: string;
  serviceId?: string;
  way?: string;
  outcome?: string;
  /** The fault's errorMessage, when SHEP refused. */
  outcomeMessage?: string;
  requested: boolean;
  tornDown: boolean;
}

export interface VerificationProxy {
  url: string;
  episodes: Episode[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function escapeText(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Replaces whole element texts equal to a key; never a fragment of a longer text. */
function swapTexts(xml: string, pairs: Iterable<[string, string]>): string {
  let out = xml;
  for (const [from, to] of pairs) out = out.split(`>${escapeText(from)}<`).join(`>${escapeText(to)}<`);
  return out;
}

export async function startVerificationProxy(target: string, states: ProviderStates): Promise<VerificationProxy> {
  const episodes: Episode[] = [];
  const fresh = (): Episode => {
    const e: Episode = { states: [], substitutions: new Map(), requested: false, tornDown: false };
    episodes.push(e);
    return e;
  };
  const current = (forSetup: boolean): Episode => {
    const last = episodes.at(-1);
    if (!last || last.tornDown || (forSetup && last.requested) || (!forSetup && last.requested)) return fresh();
    return last;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url === STATE_PATH && req.method === 'POST') {
        const call = JSON.parse(body.toString('utf8') || '{}') as {
          state?: string;
          params?: Record<string, unknown>;
          action?: string;
        };
        const name = call.state ?? '';
        if (call.action === 'teardown') {
          states.teardown(name);
          const last = episodes.at(-1);
          if (last) last.tornDown = true;
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          return;
        }
        const episode = current(true);
        // The core retries a failed state change: note each state once.
        let entry = episode.states.find((s) => s.name === name);
        if (!entry) episode.states.push((entry = { name, params: call.params ?? {} }));
        try {
          const setup = await states.setup(name, call.params ?? {});
          delete entry.error;
          for (const [k, v] of Object.entries(setup.substitutions)) episode.substitutions.set(k, v);
          if (setup.replayAt) episode.replayAt = setup.replayAt;
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (err) {
          entry.error = (err as Error).message;
          entry.unknown = err instanceof UnknownProviderState;
          if (!(err instanceof UnknownProviderState || err instanceof ProviderStateFailed))
            entry.error = `internal error: ${entry.error}`;
          // Answered 200 all the same: on a failed state change the core skips the request and the
          // teardown, and the interactions after it could no longer be told apart. The failure is
          // in the result, interaction by interaction.
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        }
        return;
      }
      const episode = current(false);
      episode.requested = true;
      let text = body.toString('utf8');
      try {
        const info = parseXml(text);
        const request = info.children
          .find((c) => c.name === 'Body')
          ?.children[0]?.children.find((c) => c.name === 'request');
        episode.serviceId = childText(
          request?.children.find((c) => c.name === 'requestInfo'),
          'serviceId',
        );
        const data = request?.children.find((c) => c.name === 'requestData')?.children.find((c) => c.name === 'data');
        episode.way = childText(data, 'consentWay');
      } catch {
        // Not XML: the environment answers it with a fault of its own.
      }
      text = swapTexts(text, episode.substitutions);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: text }),
      });
      let answer = await upstream.text();
      try {
        const reply = parseShepReply(answer);
        episode.outcome = reply.kind === 'fault' ? reply.errorInfo?.errorCode : reply.responseInfo.status.code;
        if (reply.kind === 'fault') episode.outcomeMessage = reply.errorInfo?.errorMessage ?? reply.faultstring;
      } catch {
        // Not a SHEP reply: the body mismatch says so.
      }
      answer = swapTexts(
        answer,
        [...episode.substitutions].map(([recorded, real]) => [real, recorded] as [string, string]),
      );
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
      });
      res.writeHead(upstream.status, out).end(answer);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`verification proxy: ${(err as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    episodes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
