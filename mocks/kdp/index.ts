import type { FixtureSet } from '../../fixtures/types.ts';
import type { CallCenter } from '../callcenter/call-center.ts';
import { callCenterPort } from '../callcenter/kdp-port.ts';
import { dataShepServices } from '../data-services/soap.ts';
import type { IntegrationRegistry } from '../integration/grant.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepService } from '../shep/service.ts';
import type { OneTimeCodes } from '../sms/otp.ts';
import type { SmsGateway } from '../sms/sms-gateway.ts';
import { subjectDirectory } from './ports.ts';
import { kdpProfile, type DeepPartial, type KdpProfile } from './profile.ts';
import { kdpShepServices } from './soap.ts';
import { KdpState } from './state.ts';

/**
 * The state service and the data services, wired to the cores around them: one call for the
 * server and for the in-memory environment of msw.ts.
 *
 *   const kdp = createKdp({ runtime, registry, fixtures, sms, codes, callCenter });
 *   for (const s of kdp.services) gateway.register(s);
 *   app.register(kdpRoutes, { prefix: '/kdp/api/v1', state: kdp.state });
 *   // on close: kdp.stop()
 */
export interface CreateKdpOptions {
  runtime: Runtime;
  registry: IntegrationRegistry;
  /** Subjects; organisations feed GbdulAffilFace_KDP's affiliations (none without them). */
  fixtures: Pick<FixtureSet, 'subjects'> & Partial<Pick<FixtureSet, 'organisations'>>;
  sms: SmsGateway;
  codes: OneTimeCodes;
  callCenter: CallCenter;
  profile?: DeepPartial<KdpProfile>;
}

export interface Kdp {
  state: KdpState;
  /** KDP_SERVICE, KDP_PERSONALDATA, KDP_LIST_TO_REVOKE, KDP_SEND_SOLUTION, GBDFLUniversal_token, MCDB_SERVICE, GbdulAffilFace_KDP. */
  services: ShepService[];
  /** Unsubscribes from the SMS gateway and the contact center. */
  stop(): void;
}

export function createKdp(o: CreateKdpOptions): Kdp {
  const state = new KdpState({
    runtime: o.runtime,
    registry: o.registry,
    subjects: subjectDirectory(o.fixtures.subjects),
    sms: o.sms,
    codes: o.codes,
    callCenter: callCenterPort(o.callCenter),
    profile: kdpProfile(o.profile),
  });
  const stop = state.start();
  return {
    state,
    services: [
      ...kdpShepServices(state),
      ...dataShepServices(state, { organisations: o.fixtures.organisations ?? [] }),
    ],
    stop,
  };
}

export { KdpState } from './state.ts';
export { kdpRoutes } from './routes.ts';
export { KDP_SERVICE_IDS } from './queries.ts';
export { DATA_SERVICE_IDS } from '../data-services/data-services.ts';
export { DEFAULT_KDP_PROFILE, kdpProfile, type KdpProfile } from './profile.ts';
export { KDP_ERRORS } from './errors.ts';
export { KDP_REQUIREMENTS } from '../../requirements/profile/kdp.ts';
export * from '../../protocol/kdp/index.ts';
