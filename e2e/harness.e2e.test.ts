/**
 * The three ways to reach a SUT, end to end: the `run` command over the driver protocol, a person
 * at the terminal (scripted: a fake person reads each step and works a system through its own UI —
 * here the driver double's endpoints), and `check` over a running environment's journal.
 */
import { DEFAULT_SHEP_OFFSET_MINUTES } from '../protocol/dates.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse as parseJUnit } from 'junit2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../bin/commands/check.ts';
import { runCommand } from '../bin/commands/run.ts';
import { verifyCommand } from '../bin/commands/verify.ts';
import { BUNDLE_FILE } from '../bin/report-output.ts';
import { expectStatus, exchange, ORG_PUBLIC_PEM } from '../mocks/smart-bridge/flow-helpers.ts';
import { pdf, setup, upload, validForm } from '../mocks/smart-bridge/test-support.ts';
import { generateHarnessKey } from '../reports/sign/keys.ts';
import { testingActBundles } from '../reports/smart-bridge.ts';
import { verifyBundle } from '../reports/verify.ts';
import { InitiatorClient } from '../examples/initiator/client.ts';
import { makeBin } from '../fixtures/index.ts';
import { startEmbeddedEnvironment, type EmbeddedEnvironment } from '../suites/environment/embedded.ts';
import { InteractiveSut, linePrompter } from '../suites/interactive.ts';
import type { RunResult } from '../suites/result.ts';
import { exitCodeOf, runHarness } from '../suites/runner.ts';
import { startDriverDouble } from '../suites/testing/driver-double.ts';
import { DriverSut } from '../suites/sut.ts';
import { referenceKey } from '../bin/bundled-reference.ts';
import { startReferenceInitiator } from '../examples/reference-initiator/index.ts';

const organisation = {
  bin: makeBin({ yearMonth: '2403', type: 'resident', subtype: 'head', serial: 4242 }),
  name: 'ТОО «Проверяемая система»',
};
const out = () => mkdtempSync(join(tmpdir(), 'kdp-run-'));
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResult;
/** Commands write progress to stdout; the tests read results.json instead. */
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await f();
  } finally {
    process.stdout.write = write;
  }
}

/** A harness key of the test's own: runs in tests write nothing under the worktree's .kdp-conformance. */
async function testKey(): Promise<string> {
  const file = join(out(), 'harness-key.jwk.json');
  writeFileSync(file, JSON.stringify((await generateHarnessKey()).privateJwk));
  return file;
}

async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/**
 * Clauses 4–11 on a Smart Bridge that verifies bundles, for the organisation the bundle reports on:
 * the test exchange the bundle cites is recorded as the gateway saw it, then the act is filed with
 * the bundle as its document.
 */
async function fileTestingAct(bundle: Buffer, bin: string, messageId: string) {
  const env = await setup({ bundles: testingActBundles() });
  try {
    const key = (await env.bridge.apiKeys.issue({ role: 'organisation', bin })).apiKey;
    const attach = async (kind: string, bytes: Buffer, type?: string, name?: string) => {
      const uploadId = await upload(env, key, kind, bytes, type, name);
      expectStatus(await env.call('POST', `/applications/${id}/attachments`, key, { uploadId }), 200);
      return uploadId;
    };
    const created = await env.call('POST', '/applications', key, validForm(bin, { ways: ['sms'] }));
    expectStatus(created, 201);
    const id = created.json().id as string;
    await attach('is-test-protocol', pdf(2000));
    expectStatus(await env.call('POST', `/applications/${id}/submit`, key), 200);
    expectStatus(await env.call('POST', `/applications/${id}/approve`, env.authorityKey, {}), 200);
    await attach('technical-documentation', pdf(5000));
    expectStatus(await env.call('POST', `/applications/${id}/signature-keys`, key, { pem: ORG_PUBLIC_PEM }), 200);
    expectStatus(await env.call('POST', `/applications/${id}/credentials/test`, key), 201);
    exchange(env, { messageId, senderBin: bin });
    const zip = await attach('testing-act', bundle, 'application/zip', 'kdp-conformance.zip');
    return await env.call('POST', `/applications/${id}/testing-act`, key, {
      number: 'TA-2026-001',
      date: new Date(env.clock.nowMs() + 5 * 3600_000).toISOString().slice(0, 10),
      informationSystem: 'Reference initiator',
      scenarios: [{ way: 'sms', dataService: 'MCDB_SERVICE', result: 'passed' }],
      evidence: [{ messageId }],
      conclusion: 'Every approved way works on the test environment.',
      signatories: [{ fullName: 'Әлия Нұрланқызы', position: 'CISO', side: 'initiator' }],
      attachmentId: zip,
    });
  } finally {
    await env.close();
  }
}

let double: Awaited<ReturnType<typeof startDriverDouble>>;
beforeAll(async () => {
  double = await startDriverDouble({ organisation });
});
afterAll(async () => {
  await double.close();
});

describe('driver: kdp-conformance run --driver URL', () => {
  it('T-INIT-10 R7.5 R7.4 onboards the SUT, runs the modules, writes results.json and exits 0', async () => {
    const dir = out();
    const key = await testKey();
    const code = await quietly(() =>
      runCommand.run([
        '--driver',
        double.driverUrl,
        '--plan',
        'consent',
        '--module',
        'sms-approve,sms-refuse,notification',
        '--out',
        dir,
        '--key',
        key,
      ]),
    );
    const r = results(dir);
    expect(r.sut).toMatchObject({ reachedBy: 'driver', organisation });
    expect((await verifyBundle(readFileSync(join(dir, BUNDLE_FILE)))).ok).toBe(true);
    expect(r.modules.map((m) => [m.module, m.variant.code ?? 'numeric', m.status])).toEqual([
      ['sms-approve', 'numeric', 'PASSED'],
      ['sms-approve', 'alphanumeric', 'PASSED'],
      ['sms-refuse', 'numeric', 'PASSED'],
      ['notification', 'numeric', 'PASSED'],
    ]);
    expect(code).toBe(0);
  });

  it('exits 2 on a usage error', async () => {
    await expect(runCommand.run(['--driver', 'not a url'])).rejects.toThrow(/http\(s\) URL/);
  });

  it('R11 R12 T-INIT-14 the whole harness against the bundled reference initiator passes every plan', async () => {
    const dir = out();
    const ci = out();
    const key = await testKey();
    const summary = join(ci, 'step-summary.md');
    const code = await quietly(() =>
      withEnv({ GITHUB_STEP_SUMMARY: summary }, () =>
        runCommand.run([
          ...['--out', dir, '--key', key, '--certified-by', 'Әлия Нұрланқызы', '--role', 'CISO'],
          ...['--junit', join(ci, 'junit.xml'), '--html', join(ci, 'report.html'), '--md', join(ci, 'summary.md')],
        ]),
      ),
    );
    const r = results(dir);
    const failed = r.modules.flatMap((m) =>
      m.checks.filter((c) => c.status === 'FAILED').map((c) => `${m.module} ${c.check}: ${c.message}`),
    );
    expect(failed).toEqual([]);
    expect(r.modules.filter((m) => m.status === 'UNKNOWN')).toEqual([]);
    expect(code).toBe(0);

    // The signed bundle lands next to results.json, and `verify` accepts it.
    const bundle = readFileSync(join(dir, BUNDLE_FILE));
    const verified = await verifyBundle(bundle);
    expect(verified.verdict).toMatch(/^VERIFIED: .* report verdict PASSED/);
    expect(await quietly(() => verifyCommand.run([join(dir, BUNDLE_FILE)]))).toBe(0);
    const report = verified.report!;
    expect(report.attestation.certifiedBy).toEqual({ name: 'Әлия Нұрланқызы', role: 'CISO' });
    expect(report.testingAct?.messageId).toBeTruthy();

    // The CI files exist and parse: JUnit by a standard parser, HTML and Markdown by their verdict.
    const junit = (await parseJUnit(readFileSync(join(ci, 'junit.xml'), 'utf8'))) as {
      tests?: number;
      failures?: number;
    };
    expect([junit.tests, junit.failures]).toEqual([report.summary.total, 0]);
    expect(readFileSync(join(ci, 'report.html'), 'utf8')).toContain('data-verdict="PASSED"');
    const md = readFileSync(join(ci, 'summary.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## ✅ kdp-conformance: PASSED');
    expect(readFileSync(summary, 'utf8')).toBe(`${md}\n`);

    // The mock Smart Bridge takes the run's own bundle as the testing act of the SUT's organisation.
    const filed = await fileTestingAct(bundle, report.sut.organisation.bin, report.testingAct!.messageId);
    expectStatus(filed, 200);
    expect(filed.json().status).toBe('act-under-review');
  }, 120_000);
});

describe('driver: a SUT without the revocation feature', () => {
  it('T-INIT-11 a SUT without the revocation feature: the officer accepts, the refusal is reported once, the token dropped', async () => {
    const ref = await startReferenceInitiator({ organisation, revocation: false, signingKey: await referenceKey() });
    try {
      const r = await runHarness({ sut: (log) => new DriverSut(ref.driverUrl, log), moduleGlob: 'token-revoked' });
      expect(r.modules.map((m) => [m.variant.revokeBy, m.status]).sort()).toEqual([
        ['api', 'PASSED'],
        ['sms', 'PASSED'],
      ]);
      const checks = r.modules[0]!.checks.map((c) => c.check);
      expect(checks).not.toContain('revocation-decided');
      expect(checks).toEqual(expect.arrayContaining(['token-dropped#after-refusal', 'revoked-token-unused']));
      expect(r.modules[0]!.checks.find((c) => c.check === 'fetch-outcome#after-revocation')?.message).toContain(
        'KDP-403',
      );
    } finally {
      await ref.close();
    }
  }, 60_000);
});

describe('interactive: a person at the terminal (scripted)', () => {
  it('T-INIT-10 tells each step, waits for the traffic, records what the person saw as REVIEW', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const api = (path: string, init?: RequestInit) =>
      fetch(double.driverUrl + path, init).then((r) => (r.status === 204 ? undefined : r.json()));
    let current = '';
    const say = (line: string) => input.write(`${line}\n`);
    // The fake person: reads what the harness writes, works the system, answers.
    output.on('data', async (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes("organisation's BIN")) say(organisation.bin);
      else if (text.includes("organisation's name")) say(organisation.name);
      else if (text.includes('Ways your system uses')) say('sms');
      else if (text.includes('Data services it requests')) say('MCDB_SERVICE');
      const env = /set your system's (test|prod) environment: SHEP URL (\S+), senderId (\S+), password (\S+)/.exec(
        text,
      );
      if (env)
        await api(`/environments/${env[1]}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ shepUrl: env[2], senderId: env[3], password: env[4] }),
        });
      if (text.includes('Press Enter')) say('');
      const req = /in your system \((test|prod)\), request (\S+) for subject (\d{12}) by SMS/.exec(text);
      if (req) {
        const started = (await api('/access-requests', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            environment: req[1],
            iin: req[3],
            way: 'sms',
            dataService: req[2],
            purpose: 'Проверка номера телефона клиента',
            lifetime: 600,
          }),
        })) as { id: string };
        current = started.id;
      }
      if (text.includes('What does your system show')) {
        let state = (await api(`/access-requests/${current}`)) as { phase: string; reason?: string };
        for (let i = 0; i < 50 && state.phase === 'pending'; i++) {
          await new Promise((r) => setTimeout(r, 200));
          state = (await api(`/access-requests/${current}`)) as { phase: string; reason?: string };
        }
        say(`${state.phase} ${state.reason ?? 'access granted'}`);
      }
      if (text.includes('fetch the data')) {
        const got = (await api(`/access-requests/${current}/fetch`, { method: 'POST' })) as { ok: boolean };
        say(got.ok ? 'the phone number is shown' : 'an error: no access');
      }
    });
    const prompter = linePrompter(input, output);
    const r = await runHarness({
      sut: (log) => new InteractiveSut(prompter, log, 30_000),
      plans: ['consent'],
      moduleGlob: 'sms-approve,sms-refuse',
    });
    prompter.close();
    const refuse = r.modules.find((m) => m.module === 'sms-refuse')!;
    const outcome = refuse.checks.find((c) => c.check === 'reported-outcome')!;
    expect(outcome.status).toBe('REVIEW');
    expect(outcome.message).toContain('the person saw: declined');
    expect(r.evidence[outcome.evidence[0]!]).toMatchObject({ kind: 'person' });
    // What the harness saw for itself is judged, not reviewed: no data call after the refusal.
    expect(refuse.checks.find((c) => c.check === 'no-data-call')?.status).toBe('PASSED');
    expect(r.sut.reachedBy).toBe('interactive');
    expect(exitCodeOf(r)).toBe(0);
  });
});

describe('observation: kdp-conformance check --environment URL --sender ID', () => {
  let env: EmbeddedEnvironment;
  beforeAll(async () => {
    env = await startEmbeddedEnvironment('standard');
  });
  afterAll(async () => {
    await env.close();
  });

  it('refuses an offset that is not Kazakhstan time (usage error, exit 2)', async () => {
    await expect(checkCommand.run(['--environment', env.url, '--sender', 's', '--utc-offset', '420'])).rejects.toThrow(
      /--utc-offset must be 300 or 360/,
    );
  });

  it('T-INIT-8 T-INIT-3 passes what a good initiator sent, then fails its bad messages', async () => {
    const bank = env.env.fixtures.organisations.find((o) => o.kind === 'bank')!;
    const post = async (path: string, xml: string) =>
      (
        await fetch(env.url + path, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8' },
          body: xml,
        })
      ).text();
    const client = new InitiatorClient(post, { bin: bank.bin, name: bank.name, credentials: bank.credentials });
    const subject = env.env.fixtures.subjects[0]!;
    const from = String(Date.now() - 1000);
    await client.requestConsent(
      subject.iin,
      'MCDB_SERVICE',
      { personal_data_name: 'Номер телефона для связи с клиентом' },
      { properties: { consentWay: 'sms' } },
    );
    const sender = bank.credentials.test.senderId;
    const key = await testKey();
    // The example client writes messageDate in the protocol's default offset: the environment's.
    const judge = (dir: string) =>
      quietly(() =>
        checkCommand.run([
          '--environment',
          env.url,
          '--sender',
          sender,
          '--from',
          from,
          '--out',
          dir,
          '--key',
          key,
          '--utc-offset',
          String(DEFAULT_SHEP_OFFSET_MINUTES),
        ]),
      );
    const dir = out();
    expect(await judge(dir)).toBe(0);
    expect(results(dir).modules[0]!.checks.find((c) => c.check === 'kdp-company-bin')?.status).toBe('PASSED');

    await client
      .requestConsent(subject.iin, 'MCDB_SERVICE', { company_bin: '970140026037', personal_data_name: 'test' })
      .catch(() => undefined);
    const again = out();
    expect(await judge(again)).toBe(1);
    const checks = results(again).modules[0]!.checks;
    expect(checks.find((c) => c.check === 'kdp-company-bin')?.status).toBe('FAILED');
    expect(checks.find((c) => c.check === 'kdp-purpose')?.status).toBe('WARNING');
    expect(results(again).sut.reachedBy).toBe('observation');
    // Observation writes its bundle too: the report of what the sender got wrong.
    const verified = await verifyBundle(readFileSync(join(again, BUNDLE_FILE)));
    expect(verified.verdict).toMatch(/^VERIFIED: .* report verdict FAILED/);
    expect(verified.report!.sut.reachedBy).toBe('observation');
  });
});
