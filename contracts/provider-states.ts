import { randomUUID } from 'node:crypto';
import type { Organisation, Subject } from '../fixtures/types.ts';
import type { ReplayClock } from './replay-clock.ts';
import { KNOWN_STATES, STATES, type ConsentStatus, type ConsentWayName } from './states.ts';
import {
  buildSendMessageRequest,
  formatShepDate,
  parseShepReply,
  readUserDataResponse,
  signOvt,
  userDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  type MockEnvironment,
  type ShepReply,
} from './wire.ts';

/**
 * Provider states, set up through the environment's own cores: SHEP (the gateway, in-process) for
 * consent requests, the SMS gateway for the subject's answers, the 1414 contact center for the
 * operator's decision, the environment's clock for expiry, the state service's revocations for a
 * subject's request to revoke. Organisations and subjects are the environment's fixtures, which it
 * onboards through Smart Bridge at start; a state names them by BIN and IIN.
 *
 * A value the pact recorded that the environment cannot reproduce (a consent request's id, an
 * access token, a fresh security token) is returned as a substitution: the verification proxy puts
 * the real value in its place in the request and the recorded one back in the answer.
 */

export class UnknownProviderState extends Error {
  constructor(readonly state: string) {
    super(
      `unknown provider state "${state}": the mock environment knows ${[...KNOWN_STATES].map((s) => `"${s}"`).join(', ')}`,
    );
  }
}

export class ProviderStateFailed extends Error {
  constructor(
    readonly state: string,
    why: string,
  ) {
    super(`provider state "${state}" could not be set up: ${why}`);
  }
}

export interface StateSetup {
  /** Recorded value → the environment's value. */
  substitutions: Record<string, string>;
  /** Set when the state switched replay mode on: the instant the clock reads. */
  replayAt?: string;
}

type Params = Record<string, unknown>;

export class ProviderStates {
  constructor(
    private readonly env: MockEnvironment,
    private readonly clock: ReplayClock,
  ) {}

  async setup(state: string, params: Params): Promise<StateSetup> {
    const p = (name: string): string => {
      const v = params[name];
      if (typeof v !== 'string' || v === '') throw new ProviderStateFailed(state, `parameter "${name}" is missing`);
      return v;
    };
    switch (state) {
      case STATES.organisation: {
        const org = this.organisation(state, p('bin'));
        const given = { senderId: p('senderId'), password: p('password') };
        if (given.senderId !== org.credentials.test.senderId || given.password !== org.credentials.test.password)
          throw new ProviderStateFailed(
            state,
            `the test credentials of ${org.bin} are not the ones the pact names (sender ${given.senderId}); use the fixture organisation's credentials`,
          );
        return { substitutions: {} };
      }
      case STATES.subject:
        this.subject(state, p('iin'));
        return { substitutions: {} };
      case STATES.consent: {
        const org = this.organisation(state, p('bin'));
        const subject = this.subject(state, p('iin'));
        const way = p('way') as ConsentWayName;
        const status = p('status') as ConsentStatus;
        const id = await this.consentIn(state, org, subject, p('accessName'), way, status);
        return { substitutions: { [p('requestId')]: id } };
      }
      case STATES.token: {
        const org = this.organisation(state, p('bin'));
        const subject = this.subject(state, p('iin'));
        const token = await this.issueToken(state, org, subject, p('accessName'));
        return { substitutions: { [p('kdpToken')]: token.code, [p('publicKey')]: token.publicKey } };
      }
      case STATES.ovt: {
        const org = this.organisation(state, p('bin'));
        const ovt = await this.signOvtFor(org, p('iin'), p('accessName'));
        return { substitutions: { [p('ovt')]: ovt } };
      }
      case STATES.revocation: {
        const org = this.organisation(state, p('bin'));
        const subject = this.subject(state, p('iin'));
        const token = await this.issueToken(state, org, subject, p('accessName'));
        const jti = (JSON.parse(Buffer.from(token.code.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
        const ref = jti.replaceAll('-', '').slice(0, 8).toUpperCase();
        const revocation = await this.env.kdp.state.revocations.requestByApi({ iin: subject.iin, ref });
        return { substitutions: { [p('requestId')]: revocation.id } };
      }
      case STATES.replay: {
        const at = Date.parse(p('recordedAt'));
        if (!Number.isFinite(at))
          throw new ProviderStateFailed(state, `recordedAt "${p('recordedAt')}" is not a date-time`);
        this.clock.replayAt(at);
        return { substitutions: {}, replayAt: new Date(at).toISOString() };
      }
      default:
        throw new UnknownProviderState(state);
    }
  }

  teardown(state: string): void {
    if (state === STATES.replay) this.clock.endReplay();
  }

  // --- the fixtures -----------------------------------------------------------------------------

  private organisation(state: string, bin: string): Organisation {
    const org = this.env.fixtures.organisations.find((o) => o.bin === bin);
    if (!org)
      throw new ProviderStateFailed(
        state,
        `no integrated organisation has BIN ${bin}: use one of the environment's fixture organisations (seed ${this.env.fixtures.seed}; GET /env/api/v1/fixtures)`,
      );
    return org;
  }

  private subject(state: string, iin: string): Subject {
    const subject = this.env.fixtures.subjects.find((s) => s.iin === iin);
    if (!subject)
      throw new ProviderStateFailed(
        state,
        `no subject has IIN ${iin.slice(0, 6)}******: use one of the environment's fixture subjects (seed ${this.env.fixtures.seed})`,
      );
    return subject;
  }

  // --- driving the cores --------------------------------------------------------------------------

  private async shep(org: Organisation, serviceId: string, dataXml: string): Promise<ShepReply> {
    const xml = buildSendMessageRequest({
      requestInfo: {
        messageId: randomUUID(),
        serviceId,
        messageDate: formatShepDate(this.clock.nowMs()),
        sender: org.credentials.test,
      },
      dataXml,
      dataType: USER_DATA_REQUEST_TYPE,
    });
    return parseShepReply((await this.env.gateway.handle('test', xml)).body);
  }

  private signOvtFor(org: Organisation, iin: string, accessName: string): Promise<string> {
    return signOvt(
      { privateJwk: org.keys.rsa.privateJwk, kid: org.keys.rsa.kid, alg: 'RS256' },
      {
        cbin: org.bin,
        uin: iin,
        accessName,
        audience: 'urn:kdp-conformance:test:KDP_SERVICE',
        nowSec: Math.floor(this.clock.nowMs() / 1000),
        jti: randomUUID(),
      },
    );
  }

  private async consentRequest(
    state: string,
    org: Organisation,
    subject: Subject,
    accessName: string,
    way: ConsentWayName,
    requestId?: string,
  ) {
    const extra =
      way === 'own-means'
        ? { 'omit-sms': true, ovt: await this.signOvtFor(org, subject.iin, accessName) }
        : way === 'notification'
          ? { article9Ground: org.article9Grounds[0] }
          : {};
    const reply = await this.shep(
      org,
      'KDP_SERVICE',
      userDataRequestXml({
        uin: subject.iin,
        company: org.name,
        company_bin: org.bin,
        company_responsible: 'Provider state',
        employee_name: 'Provider state',
        access_name: accessName,
        personal_data_name: 'Provider state',
        expiresIn: 600,
        consentWay: way,
        ...extra,
        ...(requestId ? { requestId } : {}),
      }),
    );
    if (reply.kind === 'fault')
      throw new ProviderStateFailed(state, `KDP_SERVICE refused: ${reply.errorInfo?.errorCode} ${reply.faultstring}`);
    return readUserDataResponse(reply.data);
  }

  /** A consent request brought to `status` the way a subject, an operator or time brings it there. */
  private async consentIn(
    state: string,
    org: Organisation,
    subject: Subject,
    accessName: string,
    way: ConsentWayName,
    status: ConsentStatus,
  ): Promise<string> {
    const first = await this.consentRequest(state, org, subject, accessName, way);
    const id = first.requestId;
    if (!id) throw new ProviderStateFailed(state, `KDP_SERVICE gave no requestId (status ${first.status})`);
    if (first.status === status) return id;
    if (first.status !== 'PENDING')
      throw new ProviderStateFailed(state, `a ${way} request was ${first.status}, not PENDING`);
    const sms = this.env.sms;
    switch (status) {
      case 'APPROVED':
        if (way === 'sms') await sms.reply(subject.phone, await this.codeSentTo(state, subject));
        else if (way === 'proactive') await sms.reply(subject.phone, 'ИӘ');
        else if (way === 'callcenter-1414') {
          const call = (await this.env.callCenter.list({ subjectIin: subject.iin })).items.at(-1);
          if (!call) throw new ProviderStateFailed(state, 'no call reached the 1414 queue');
          await this.env.callCenter.take(call.id, 'provider-state');
          await this.env.callCenter.confirm(call.id, { operatorId: 'provider-state' });
        }
        break;
      case 'DECLINED':
        if (way === 'callcenter-1414') {
          const call = (await this.env.callCenter.list({ subjectIin: subject.iin })).items.at(-1);
          if (!call) throw new ProviderStateFailed(state, 'no call reached the 1414 queue');
          await this.env.callCenter.take(call.id, 'provider-state');
          await this.env.callCenter.refuse(call.id, { operatorId: 'provider-state' });
        } else await sms.reply(subject.phone, 'НЕТ');
        break;
      case 'EXPIRED':
        // The longest wait of any way, and a minute more: the environment sweeps what expired.
        await this.env.environment.advance(24 * 3_600_000 + 60_000);
        break;
      case 'LOCKED': {
        const code = await this.codeSentTo(state, subject);
        const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
        for (let n = 0; n < 3; n++) await sms.reply(subject.phone, wrong);
        break;
      }
      case 'PENDING':
        break;
    }
    const now = await this.consentRequest(state, org, subject, accessName, way, id);
    if (now.status !== status) throw new ProviderStateFailed(state, `the request reached ${now.status}, not ${status}`);
    return id;
  }

  private async codeSentTo(state: string, subject: Subject): Promise<string> {
    const text = (await this.env.sms.latest(subject.phone))?.text ?? '';
    const code = /\b(\d{6})\b/.exec(text)?.[1];
    if (!code) throw new ProviderStateFailed(state, 'no one-time code reached the subject');
    return code;
  }

  /** A consent given by SMS and the token it brought. */
  private async issueToken(state: string, org: Organisation, subject: Subject, accessName: string) {
    const id = await this.consentIn(state, org, subject, accessName, 'sms', 'APPROVED');
    const approved = await this.consentRequest(state, org, subject, accessName, 'sms', id);
    if (!approved.code || !approved.publicKey)
      throw new ProviderStateFailed(state, 'the approved request carried no token');
    return { code: approved.code, publicKey: approved.publicKey };
  }
}
