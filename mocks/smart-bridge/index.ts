/** Smart Bridge (clauses 4–12): what the environment composes and what the other mocks consume. */
export { SmartBridge, type SmartBridgeDeps } from './smart-bridge.ts';
export { smartBridgeRoutes, type SmartBridgeRoutesOptions } from './routes.ts';
export { SmartBridgeIntegrationRegistry } from './registry.ts';
export {
  ApplicationService,
  isOverdue,
  type IssueOptions,
  type ListQuery,
  type SubmitActOptions,
} from './applications.ts';
export { ApiKeyRegistry, type IssuedApiKey, type Principal, type PrincipalInput } from './api-keys.ts';
export type { CredentialIssuer, TestEvidence, TestResponseEvidence, TestResponseRef } from './ports.ts';
export { FakeCredentialIssuer, InMemoryTestEvidence } from './fakes.ts';
export { KazakhstanCalendar, FIXED_HOLIDAYS, type CalendarYearData, type DayInfo } from './calendar.ts';
export {
  BUNDLED_CALENDAR_DIR,
  CalendarDataError,
  createKazakhstanCalendar,
  loadCalendarDir,
  loadCalendarFile,
  parseCalendarYear,
  type CalendarSource,
} from './calendar-data.ts';
export { KAZAKHSTAN_UTC_OFFSET_MINUTES, reviewDeadline, type ReviewDeadline } from './review-deadline.ts';
export {
  DEFAULT_PROFILE,
  resolveProfile,
  type SmartBridgeProfile,
  type SmartBridgeProfileOverrides,
} from './profile.ts';
export { TRANSITIONS, GRANTING, ATTACHABLE_IN } from './transitions.ts';
export { TusUploads, TUS_VERSION } from './uploads.ts';
export {
  walkClauses4to12,
  WalkError,
  type HttpCall,
  type TestExchangeInput,
  type WalkPorts,
  type WalkResult,
} from './walk.ts';
export type * from './model.ts';
export { SMART_BRIDGE_REQUIREMENTS, type SmartBridgeRequirementId } from '../../requirements/profile/smart-bridge.ts';
export { registrarIssuer, type ShepCredentialRegistrar } from './shep-adapter.ts';
export {
  DEFAULT_NOT_ONBOARDED,
  describeSeededAccess,
  eligibleWays,
  FIXTURE_AUTHORITY_NAME,
  fixtureApiKey,
  fixtureApplicationForm,
  seedSmartBridge,
  type SeededAccess,
  type SeededOrganisation,
  type SeedOptions,
} from './bootstrap.ts';
export { smartBridgeEnvironmentRoutes, type SmartBridgeEnvironmentRoutesOptions } from './environment-routes.ts';
