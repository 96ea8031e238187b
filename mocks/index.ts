/**
 * The package's main entry: the environment as a library. `createEnvironment` builds every mock on
 * one store and clock and mounts their routes on one fastify instance (listen on it, or inject).
 */
export { createEnvironment, API_PREFIXES, type EnvironmentConfig, type MockEnvironment } from './server.ts';
export { VirtualClock, type Clock } from './clock/clock.ts';
export { formatShepDate } from '../protocol/dates.ts';
export { SqliteStore, openStore } from './store/sqlite-store.ts';
export type { Store, Collection, FindQuery } from './store/store.ts';
export { seededRandom, systemRandom, type RandomSource } from './random.ts';
export { ShepFault, type ShepService, type ShepServiceResponse } from './shep/service.ts';
export type { ShepEnvironment } from './shep/environments.ts';
export type { ShepRequestContext } from './shep/router.ts';
export { buildSendMessageRequest, parseShepReply } from '../protocol/shep/envelope.ts';
export { SHEP_PATHS } from './shep/routes.ts';
export { WAY_REQUIREMENT, type IntegrationGrant, type IntegrationRegistry } from './integration/grant.ts';
export { SmartBridge } from './smart-bridge/smart-bridge.ts';
export type { SeededAccess, SeededOrganisation } from './smart-bridge/bootstrap.ts';
