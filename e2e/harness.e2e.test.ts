/**
 * The three ways to reach a SUT, end to end: the `run` command over the driver protocol, a person
 * at the terminal (scripted: a fake person reads each step and works a system through its own UI —
 * here the driver double's endpoints), and `check` over a running environment's journal.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../bin/commands/check.ts';
import { runCommand } from '../bin/commands/run.ts';
import { InitiatorClient } from '../examples/initiator/client.ts';
import { makeBin } from '../fixtures/index.ts';
import { startEmbeddedEnvironment, type EmbeddedEnvironment } from '../suites/environment/embedded.ts';
import { InteractiveSut, linePrompter } from '../suites/interactive.ts';
import type { RunResult } from '../suites/result.ts';
import { exitCodeOf, runHarness } from '../suites/runner.ts';
import { startDriverDouble } from '../suites/testing/driver-double.ts';

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
      ]),
    );
    const r = results(dir);
    expect(r.sut).toMatchObject({ reachedBy: 'driver', organisation });
    expect(r.modules.map((m) => [m.module, m.status])).toEqual([
      ['sms-approve', 'PASSED'],
      ['sms-refuse', 'PASSED'],
      ['notification', 'PASSED'],
    ]);
    expect(code).toBe(0);
  });

  it('exits 2 on a usage error', async () => {
    await expect(runCommand.run(['--driver', 'not a url'])).rejects.toThrow(/http\(s\) URL/);
  });

  const reference = join(import.meta.dirname, '../examples/reference-initiator/index.ts');
  it.skipIf(!existsSync(reference))(
    'R11 R12 T-INIT-14 the whole harness against the bundled reference initiator passes every plan',
    async () => {
      const dir = out();
      const code = await quietly(() => runCommand.run(['--out', dir]));
      const r = results(dir);
      const failed = r.modules.flatMap((m) =>
        m.checks.filter((c) => c.status === 'FAILED').map((c) => `${m.module} ${c.check}: ${c.message}`),
      );
      expect(failed).toEqual([]);
      expect(r.modules.filter((m) => m.status === 'UNKNOWN')).toEqual([]);
      expect(code).toBe(0);
    },
    120_000,
  );
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
    const dir = out();
    expect(
      await quietly(() =>
        checkCommand.run(['--environment', env.url, '--sender', sender, '--from', from, '--out', dir]),
      ),
    ).toBe(0);
    expect(results(dir).modules[0]!.checks.find((c) => c.check === 'kdp-company-bin')?.status).toBe('PASSED');

    await client
      .requestConsent(subject.iin, 'MCDB_SERVICE', { company_bin: '970140026037', personal_data_name: 'test' })
      .catch(() => undefined);
    const again = out();
    expect(
      await quietly(() =>
        checkCommand.run(['--environment', env.url, '--sender', sender, '--from', from, '--out', again]),
      ),
    ).toBe(1);
    const checks = results(again).modules[0]!.checks;
    expect(checks.find((c) => c.check === 'kdp-company-bin')?.status).toBe('FAILED');
    expect(checks.find((c) => c.check === 'kdp-purpose')?.status).toBe('WARNING');
    expect(results(again).sut.reachedBy).toBe('observation');
  });
});
