import './pact-env.ts';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ProviderStates } from './provider-states.ts';
import { ReplayClock } from './replay-clock.ts';
import {
  CONTRACT_RESULT_VERSION,
  requirementOfErrorCode,
  requirementsOfRequest,
  unique,
  type ContractInteractionResult,
  type ContractMismatch,
  type ContractResults,
} from './results.ts';
import { isRequirementId, type RequirementId } from '../requirements/index.ts';
import { KNOWN_STATES } from './states.ts';
import { STATE_PATH, startVerificationProxy, type Episode } from './verification-proxy.ts';
import { createEnvironment } from './wire.ts';

/**
 * Verifies a consumer pact against the mock environment, in this process: the environment on
 * 127.0.0.1:0, the verification proxy in front of it, and the Pact core's verifier. The core prints
 * its own report on stdout; `verifyPactIsolated` (isolated.ts) runs this in a child process to keep
 * a caller's output clean.
 */

interface PactFile {
  consumer?: { name?: string };
  provider?: { name?: string };
  metadata?: { pactSpecification?: { version?: string }; plugins?: unknown[] } & Record<string, unknown>;
  interactions?: {
    description?: string;
    type?: string;
    providerStates?: { name: string; params?: Record<string, unknown> }[];
    providerState?: string;
    pluginConfiguration?: unknown;
    interactionMarkup?: unknown;
    comments?: Record<string, unknown>;
  }[];
}

export class PactRefused extends Error {}

/** Reads a pact and refuses what this verifier will not run. */
export function checkPact(text: string): PactFile {
  let pact: PactFile;
  try {
    pact = JSON.parse(text) as PactFile;
  } catch {
    throw new PactRefused('the file is not JSON: a pact file is the JSON document Pact writes');
  }
  if (!pact || typeof pact !== 'object' || !Array.isArray(pact.interactions))
    throw new PactRefused('the file has no "interactions": it is not a pact file');
  const plugins = (pact.metadata?.plugins ?? []) as { name?: string; version?: string }[];
  const withPlugin = pact.interactions.filter((i) => i.pluginConfiguration || i.interactionMarkup);
  if (plugins.length > 0 || withPlugin.length > 0) {
    const names =
      plugins.map((p) => `${p.name ?? '?'} ${p.version ?? ''}`.trim()).join(', ') || 'an interaction plugin';
    throw new PactRefused(
      `the pact declares Pact plugins (${names}): verifying it would make the Pact plugin driver download and run plugin binaries, which this harness never does. SOAP over SHEP needs no plugin: write the interactions as plain HTTP with an XML body`,
    );
  }
  const other = pact.interactions.filter((i) => i.type !== undefined && i.type !== 'Synchronous/HTTP');
  if (other.length > 0)
    throw new PactRefused(
      `the pact has ${other.length} interaction(s) of type ${unique(other.map((i) => i.type)).join(', ')}: SHEP is synchronous HTTP, only Synchronous/HTTP interactions can be verified`,
    );
  return pact;
}

interface CoreMismatch {
  type?: string;
  path?: string;
  key?: string;
  expected?: unknown;
  actual?: unknown;
  mismatch?: string;
  description?: string;
}
interface CoreInteractionResult {
  description: string;
  providerStates?: string[];
  result: string;
  mismatch?: { type?: string; mismatches?: CoreMismatch[]; message?: string; error?: string };
}

function toMismatch(m: CoreMismatch): ContractMismatch {
  const kind: ContractMismatch['kind'] =
    m.type === 'BodyMismatch' || m.type === 'BodyTypeMismatch'
      ? 'body'
      : m.type === 'HeaderMismatch'
        ? 'header'
        : m.type === 'StatusMismatch'
          ? 'status'
          : 'error';
  const str = (v: unknown) =>
    v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  const path = m.path ?? m.key;
  const expected = str(m.expected);
  const actual = str(m.actual);
  return {
    kind,
    ...(path !== undefined ? { path } : {}),
    ...(expected !== undefined ? { expected } : {}),
    ...(actual !== undefined ? { actual } : {}),
    message: m.mismatch ?? m.description ?? `${m.type ?? 'mismatch'}`,
  };
}

export async function verifyPactFile(file: string, options: { seed?: number } = {}): Promise<ContractResults> {
  const path = resolve(file);
  const pact = checkPact(await readFile(path, 'utf8'));
  const clock = new ReplayClock();
  const env = await createEnvironment({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    clock,
    logLevel: 'silent',
  });
  try {
    const envUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const proxy = await startVerificationProxy(envUrl, new ProviderStates(env, clock));
    try {
      const { default: verifier } = (await import('@pact-foundation/pact-core')) as unknown as {
        default: { verifyPacts(o: Record<string, unknown>): Promise<string> };
      };
      let raw: string;
      try {
        raw = await verifier.verifyPacts({
          providerBaseUrl: proxy.url,
          provider: pact.provider?.name ?? 'provider',
          pactUrls: [path],
          providerStatesSetupUrl: `${proxy.url}${STATE_PATH}`,
          providerStatesSetupTeardown: true,
          providerStatesSetupBody: true,
          logLevel: 'error',
        });
      } catch (err) {
        raw = (err as Error).message;
      }
      return summarise(pact, path, raw, proxy.episodes);
    } finally {
      await proxy.close();
    }
  } finally {
    await env.close();
  }
}

function summarise(pact: PactFile, path: string, raw: string, episodes: Episode[]): ContractResults {
  let core: { interactionResults?: CoreInteractionResult[] } = {};
  try {
    core = JSON.parse(raw) as typeof core;
  } catch {
    throw new Error(`the Pact verifier did not run: ${raw.slice(0, 500)}`);
  }
  const declared = pact.interactions ?? [];
  const pending = [...episodes];
  const results: ContractInteractionResult[] = (core.interactionResults ?? []).map((r, index) => {
    const source = declared.find((d) => d.description === r.description) ?? declared[index];
    const states = source?.providerStates ?? (source?.providerState ? [{ name: source.providerState }] : []);
    // Each interaction is one episode at the proxy: its state calls, then (unless a state failed) its request.
    const episode = states.length > 0 || pending[0]?.requested ? pending.shift() : undefined;
    const mismatches: ContractMismatch[] = [];
    for (const s of states) {
      if (!KNOWN_STATES.has(s.name))
        mismatches.push({
          kind: 'provider-state',
          path: s.name,
          message: `unknown provider state "${s.name}": the mock environment cannot set it up (docs/contracts.md lists the states it knows)`,
        });
    }
    for (const s of episode?.states ?? [])
      if (s.error && !s.unknown) mismatches.push({ kind: 'provider-state', path: s.name, message: s.error });
    if (r.result !== 'OK') {
      for (const m of r.mismatch?.mismatches ?? []) mismatches.push(toMismatch(m));
      if (mismatches.length === 0)
        mismatches.push({
          kind: 'error',
          message: r.mismatch?.message ?? r.mismatch?.error ?? 'the verifier reports a failure without detail',
        });
    }
    // A pact written with contracts/ names its requirements in a comment; any pact gets those of its exchange.
    const declaredIds = String(source?.comments?.requirements ?? '')
      .split(/\s+/)
      .filter((id): id is RequirementId => isRequirementId(id));
    const requirements = unique([
      ...declaredIds,
      ...requirementsOfRequest(episode?.serviceId, episode?.way),
      ...(episode?.outcome && episode.outcome !== 'SCSS001' ? requirementOfErrorCode(episode.outcome) : []),
    ]);
    return {
      description: r.description,
      providerStates: states.map((s) => ({ name: s.name, ...(s.params ? { params: s.params } : {}) })),
      status: r.result === 'OK' && mismatches.length === 0 ? 'PASSED' : 'FAILED',
      mismatches,
      requirements,
      ...(episode?.outcome ? { outcome: episode.outcome } : {}),
      ...(episode?.outcomeMessage ? { outcomeMessage: episode.outcomeMessage } : {}),
      ...(episode?.replayAt
        ? {
            replay: {
              at: episode.replayAt,
              note: 'passed in replay mode: time-bound fields were judged at the recorded instant, not now',
            },
          }
        : {}),
      ...(episode && episode.substitutions.size > 0 ? { substituted: episode.substitutions.size } : {}),
    };
  });
  return {
    version: CONTRACT_RESULT_VERSION,
    pact: {
      consumer: pact.consumer?.name ?? '?',
      provider: pact.provider?.name ?? '?',
      file: path,
      ...(pact.metadata?.pactSpecification?.version ? { specification: pact.metadata.pactSpecification.version } : {}),
    },
    verifiedAt: new Date().toISOString(),
    status: results.length > 0 && results.every((r) => r.status === 'PASSED') ? 'PASSED' : 'FAILED',
    interactions: results,
  };
}
