import type { ShepRequestContext } from '../shep/router.ts';
import { buildFixtureSet, organisationFor, type ConsentWayRole } from '../../fixtures/index.ts';
import type { FixtureSet, Organisation, Subject } from '../../fixtures/types.ts';
import { DATA_SERVICE_IDS } from '../data-services/data-services.ts';
import { FixtureIntegrationRegistry, type FixtureRegistryOptions } from '../integration/fixture-registry.ts';
import type { ShepService, ShepServiceResponse } from '../shep/service.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import { OneTimeCodes } from '../sms/otp.ts';
import { SmsGateway } from '../sms/sms-gateway.ts';
import { testRuntime } from '../testing.ts';
import type { Runtime } from '../runtime.ts';
import type { VirtualClock } from '../clock/clock.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import type { XmlElement } from '../../protocol/xml/element.ts';
import {
  readUserDataResponse,
  tokenDataRequestXml,
  userDataRequestXml,
  type UserDataRequestFields,
  type UserDataResponse,
} from '../../protocol/kdp/index.ts';
import { CallCenter } from '../callcenter/call-center.ts';
import { createKdp } from './index.ts';
import type { DeepPartial, KdpProfile } from './profile.ts';
import { KDP_NS } from '../../protocol/kdp/fields.ts';
import { XSI_NS } from '../../protocol/shep/namespaces.ts';
import { KDP_SERVICE_IDS } from './queries.ts';
import type { KdpState } from './state.ts';

let fixtures: Promise<FixtureSet> | undefined;

/** The default fixture set, built once per test process. */
export function testFixtures(): Promise<FixtureSet> {
  fixtures ??= buildFixtureSet({ subjects: 6 });
  return fixtures;
}

/**
 * The state service on an in-memory store with the real cores of the SMS gateway, the one-time
 * codes and the 1414 contact center, and the default fixture set: for this folder's tests and the
 * data services'. Services are called as the gateway would, with a context naming the sender.
 */
export interface KdpKit {
  runtime: Runtime & { clock: VirtualClock };
  fixtures: FixtureSet;
  state: KdpState;
  sms: SmsGateway;
  codes: OneTimeCodes;
  callCenter: CallCenter;
  registry: FixtureIntegrationRegistry;
  services: Map<string, ShepService>;
  org(role: ConsentWayRole): Organisation;
  subject(i?: number): Subject;
  ctx(org: Organisation, serviceId: string, overrides?: Partial<ShepRequestContext>): ShepRequestContext;
  call(
    serviceId: string,
    dataXml: string | undefined,
    ctx: ShepRequestContext,
    type?: string,
  ): Promise<ShepServiceResponse>;
  /** KDP_SERVICE with the default fields of `org` asking for `subject`'s data. */
  consent(
    org: Organisation,
    subject: Subject,
    fields?: Partial<UserDataRequestFields>,
    ctx?: Partial<ShepRequestContext>,
  ): Promise<UserDataResponse>;
  /** A data service asked with `token`. */
  data(
    serviceId: string,
    org: Organisation,
    iin: string,
    token: { code?: string; publicKey?: string },
    ctx?: Partial<ShepRequestContext>,
  ): Promise<XmlElement>;
  /** A 1414 operator decides the call of a consent request. */
  decide1414(requestId: string, decision: 'confirmed' | 'refused'): Promise<void>;
  /** The newest SMS the subject's phone shows. */
  lastSms(subject: Subject): Promise<{ id: string; text: string; ref?: Record<string, string> }>;
  /** The one-time code in the newest SMS. */
  lastCode(subject: Subject): Promise<string>;
  close(): Promise<void>;
}

export function requestFields(
  org: Organisation,
  subject: Subject,
  accessName: string = DATA_SERVICE_IDS.gbdfl,
): UserDataRequestFields {
  return {
    uin: subject.iin,
    company: org.name,
    company_bin: org.bin,
    company_responsible: 'Отдел кредитования',
    employee_name: 'Иванов И.И.',
    access_name: accessName,
    personal_data_name: 'Сведения о физическом лице',
    expiresIn: 600,
  };
}

export async function createKdpKit(
  options: { profile?: DeepPartial<KdpProfile>; registry?: FixtureRegistryOptions } = {},
): Promise<KdpKit> {
  const runtime = testRuntime(11);
  const set = await testFixtures();
  const sms = new SmsGateway(runtime);
  const codes = new OneTimeCodes(runtime);
  const callCenter = new CallCenter(runtime);
  const registry = new FixtureIntegrationRegistry(set, options.registry);
  const {
    state,
    services: list,
    stop,
  } = createKdp({
    runtime,
    registry,
    fixtures: set,
    sms,
    codes,
    callCenter,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  const services = new Map(list.map((s) => [s.serviceId, s]));
  let n = 0;

  const kit: KdpKit = {
    runtime,
    fixtures: set,
    state,
    sms,
    codes,
    callCenter,
    registry,
    services,
    org: (role) => organisationFor(set, role)!,
    subject: (i = 0) => set.subjects[i]!,
    ctx(org, serviceId, overrides = {}) {
      const environment: ShepEnvironment = overrides.environment ?? 'test';
      return {
        environment,
        senderId: org.credentials[environment].senderId,
        senderBin: org.bin,
        messageId: `m-${++n}`,
        serviceId,
        messageDate: '2026-03-02T10:00:00.000+06:00',
        sessionId: `{00000000-0000-0000-0000-${String(n).padStart(12, '0')}}`,
        properties: {},
        ...overrides,
      };
    },
    async call(serviceId, dataXml, ctx, type) {
      const service = services.get(serviceId);
      if (!service) throw new Error(`no service ${serviceId}`);
      const typeAttr = type ? ` xmlns:xsi="${XSI_NS}" xmlns:k="${KDP_NS}" xsi:type="k:${type}"` : '';
      const data = dataXml === undefined ? undefined : parseXml(`<data${typeAttr}>${dataXml}</data>`);
      return service.handle(data, { ...ctx, serviceId });
    },
    async consent(org, subject, fields = {}, ctx = {}) {
      const r = await kit.call(
        KDP_SERVICE_IDS.consent,
        userDataRequestXml({ ...requestFields(org, subject), ...fields }),
        kit.ctx(org, KDP_SERVICE_IDS.consent, ctx),
        'getUserDataRequest',
      );
      return readUserDataResponse(parseXml(`<data>${r.dataXml}</data>`));
    },
    async data(serviceId, org, iin, token, ctx = {}) {
      const xml = tokenDataRequestXml({
        messageId: `d-${++n}`,
        messageDate: '2026-03-02T10:00:00.000+06:00',
        senderCode: org.credentials.test.senderId,
        iin,
        ...(token.code !== undefined ? { kdpToken: token.code } : {}),
        ...(token.publicKey !== undefined ? { publicKey: token.publicKey } : {}),
      });
      const r = await kit.call(serviceId, xml, kit.ctx(org, serviceId, ctx));
      return parseXml(`<data>${r.dataXml}</data>`);
    },
    async decide1414(requestId, decision) {
      const { items } = await callCenter.list({ state: 'any' });
      const call = items.find((c) => c.ref.requestId === requestId);
      if (!call) throw new Error(`no 1414 call for ${requestId}`);
      await (decision === 'confirmed'
        ? callCenter.confirm(call.id, { operatorId: 'op-1' })
        : callCenter.refuse(call.id, { operatorId: 'op-1' }));
    },
    async lastSms(subject) {
      const m = await sms.latest(subject.phone);
      if (!m) throw new Error('no SMS on the phone');
      return { id: m.id, text: m.text, ...(m.ref ? { ref: m.ref } : {}) };
    },
    async lastCode(subject) {
      const { text } = await kit.lastSms(subject);
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      if (!code) throw new Error(`no code in: ${text}`);
      return code;
    },
    async close() {
      stop();
      await runtime.store.close();
    },
  };
  return kit;
}
