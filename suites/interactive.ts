import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import type {
  AccessRequestPhase,
  AccessRequestState,
  DescribeResponse,
  DriverEnvironment,
  DriverWay,
  EnvironmentConfig,
  FetchResult,
  StartAccessRequest,
} from './driver/protocol.ts';
import { EnvironmentClient } from './environment/client.ts';
import type { EvidenceLog } from './evidence-log.ts';
import type { Observed, SutPort } from './sut.ts';

/**
 * The person at the terminal. `ask` waits for one line (undefined when input ended or the timeout
 * passed); `poll` takes a line already typed without waiting (a "skip" while the harness waits).
 */
export interface Prompter {
  say(text: string): void;
  ask(question: string, timeoutMs?: number): Promise<string | undefined>;
  poll(): string | undefined;
  close(): void;
}

/** A prompter over a readable of lines (the terminal, or a script in tests). */
export function linePrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const lines: string[] = [];
  const waiters: ((line: string | undefined) => void)[] = [];
  let ended = false;
  const rl = createInterface({ input, terminal: false });
  rl.on('line', (line) => {
    const w = waiters.shift();
    if (w) w(line.trim());
    else lines.push(line.trim());
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiters.splice(0)) w(undefined);
  });
  return {
    say: (text) => void output.write(`${text}\n`),
    ask(question, timeoutMs) {
      output.write(`${question} `);
      if (lines.length) return Promise.resolve(lines.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const w = (line: string | undefined) => {
          clearTimeout(timer);
          resolve(line);
        };
        const timer = timeoutMs
          ? setTimeout(() => {
              waiters.splice(waiters.indexOf(w), 1);
              resolve(undefined);
            }, timeoutMs)
          : undefined;
        waiters.push(w);
      });
    },
    poll: () => lines.shift(),
    close: () => rl.close(),
  };
}

export function terminalPrompter(): Prompter {
  return linePrompter(process.stdin, process.stdout);
}

const WAY_WORDS: Record<DriverWay, string> = {
  sms: 'by SMS (way 5)',
  'callcenter-1414': 'through the 1414 contact center (way 1)',
  'own-means': 'by your own means, with your signed ovt (way 2)',
  proactive: 'as a proactive service (way 3)',
  notification: 'in notification mode (way 4)',
};
const PHASES: AccessRequestPhase[] = ['pending', 'granted', 'declined', 'expired', 'locked', 'failed'];

/**
 * A SUT without a driver: each step is told to a person, the harness waits (WAITING) for the
 * traffic the step must cause in the journal, and what only the person can see is asked — those
 * answers are evidence of kind 'person', and the checks over them say REVIEW.
 */
export class InteractiveSut implements SutPort {
  readonly reachedBy = 'interactive' as const;
  readonly concurrency = 1;
  target = 'a person at the terminal';
  private env?: EnvironmentClient;
  private readonly senders = new Map<DriverEnvironment, string>();
  private n = 0;

  constructor(
    private readonly p: Prompter,
    private readonly log: EvidenceLog,
    private readonly waitMs = 120_000,
  ) {}

  private async question(q: string, timeoutMs?: number): Promise<{ answer: string; evidence: string }> {
    const answer = (await this.p.ask(q, timeoutMs)) ?? '';
    return { answer, evidence: this.log.add({ kind: 'person', at: new Date().toISOString(), question: q, answer }) };
  }

  async describe(): Promise<DescribeResponse> {
    this.p.say('Interactive run: the harness tells you each step; answer what your system shows.');
    const bin = (await this.question("Your organisation's BIN:")).answer;
    const name = (await this.question("Your organisation's name:")).answer;
    const ways = (
      await this.question('Ways your system uses (sms,callcenter-1414,own-means,proactive,notification):')
    ).answer
      .split(/[,\s]+/)
      .filter((w): w is DriverWay => w in WAY_WORDS);
    const services = (await this.question('Data services it requests (GBDFLUniversal_token,MCDB_SERVICE):')).answer
      .split(/[,\s]+/)
      .filter(Boolean);
    return {
      protocol: 'kdp-driver/1',
      system: { name: 'interactive SUT', version: '?' },
      organisation: { bin, name },
      ways: ways.length ? ways : ['sms'],
      dataServices: services.length ? services : ['GBDFLUniversal_token'],
    };
  }

  async configure(environment: DriverEnvironment, c: EnvironmentConfig): Promise<void> {
    this.env = new EnvironmentClient(c.shepUrl.replace(/\/(test|prod)\/bip-sync-wss-gost\/?$/, ''));
    this.senders.set(environment, c.senderId);
    this.p.say(
      `STEP: set your system's ${environment} environment: SHEP URL ${c.shepUrl}, senderId ${c.senderId}, password ${c.password}`,
    );
    await this.question('Press Enter when it is set.', this.waitMs);
  }

  async start(r: StartAccessRequest): Promise<Observed<{ id: string }>> {
    const env = this.env;
    const sender = this.senders.get(r.environment);
    this.p.say(
      `STEP: in your system (${r.environment}), request ${r.dataService} for subject ${r.iin} ${WAY_WORDS[r.way]}` +
        `${r.article9Ground ? ` on Article 9 ground ${r.article9Ground}` : ''}, purpose "${r.purpose}", lifetime ${r.lifetime} s.`,
    );
    const since = env ? await env.clockNowMs() : Date.now();
    this.p.say('WAITING for your system\'s KDP_SERVICE request (type "skip" and Enter to skip this step)…');
    const deadline = Date.now() + this.waitMs;
    while (Date.now() < deadline) {
      if (this.p.poll()?.toLowerCase() === 'skip') {
        this.log.note(`the person skipped: request ${r.dataService} ${r.way}`);
        return { value: undefined, source: 'person', evidence: [] };
      }
      const seen =
        env && sender
          ? (await env.journal({ channel: 'shep', service: 'KDP_SERVICE', sender, from: since - 1000 })).find((x) =>
              x.request.includes(`<uin>${r.iin}</uin>`),
            )
          : undefined;
      if (seen) {
        const evidence = this.log.exchange(seen).evidenceId;
        return { value: { id: `interactive-${++this.n}` }, source: 'person', evidence: [evidence] };
      }
      await new Promise((res) => setTimeout(res, 300));
    }
    this.log.note('no request arrived in time');
    return { value: undefined, source: 'person', evidence: [] };
  }

  async outcome(_id: string, phases: readonly AccessRequestPhase[]): Promise<Observed<AccessRequestState>> {
    const q = await this.question(
      `What does your system show for this request now? (${PHASES.join('/')}, then what it says; expected: ${phases.join(' or ')})`,
      this.waitMs,
    );
    const [word, ...rest] = q.answer.split(/\s+/);
    const phase = (PHASES.find((p) => p === word?.toLowerCase()) ?? 'pending') as AccessRequestPhase;
    return {
      value: { id: _id, phase, tokenHeld: phase === 'granted', ...(rest.length ? { reason: rest.join(' ') } : {}) },
      source: 'person',
      evidence: [q.evidence],
    };
  }

  async fetch(): Promise<Observed<FetchResult | { person: string }>> {
    this.p.say('STEP: in your system, fetch the data for this request now.');
    const q = await this.question('What did your system show?', this.waitMs);
    return { value: { person: q.answer }, source: 'person', evidence: [q.evidence] };
  }

  async signingKey(): Promise<JWK | undefined> {
    const q = await this.question('Paste the public JWK your system signs its ovt with (one line, or Enter for none):');
    try {
      return q.answer ? (JSON.parse(q.answer) as JWK) : undefined;
    } catch {
      return undefined;
    }
  }

  async reset(): Promise<void> {
    this.p.say('STEP: a new environment starts; forget earlier requests in your system if it keeps them.');
  }
}
