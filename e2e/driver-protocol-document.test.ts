/**
 * docs/driver-protocol.openapi.json against suites/driver/protocol.ts: the enumerations and the
 * required members of the document are the types' own. The lists below are checked by the compiler
 * to be exactly the types' unions, so a change to the types fails here until the document follows.
 */
import { describe, expect, it } from 'vitest';
import {
  DRIVER_PROTOCOL_VERSION,
  type AccessRequestPhase,
  type AccessRequestState,
  type DescribeResponse,
  type DriverArticle9Ground,
  type DriverEnvironment,
  type DriverWay,
  type EnvironmentConfig,
  type RevocationDecision,
  type RevocationSyncResult,
  type StartAccessRequest,
} from '../suites/driver/protocol.ts';
import { DRIVER_OPENAPI } from './support/driver-openapi.ts';

/** Every member of a union, once: a missing or an extra one is a compile error. */
const all = <T extends string>(members: Record<T, true>): T[] => Object.keys(members).sort() as T[];

/** The required keys of an interface, as a compile-checked list. */
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
const required = <T>(members: Record<RequiredKeys<T> & string, true>): string[] => Object.keys(members).sort();

const schemas = DRIVER_OPENAPI.components.schemas as Record<string, any>;

describe('the driver protocol document and its types', () => {
  it('names the same version, ways, grounds, environments and phases', () => {
    expect(schemas.DescribeResponse.properties.protocol.const).toBe(DRIVER_PROTOCOL_VERSION);
    expect([...schemas.Way.enum].sort()).toEqual(
      all<DriverWay>({ sms: true, 'callcenter-1414': true, 'own-means': true, proactive: true, notification: true }),
    );
    expect([...schemas.Article9Ground.enum].sort()).toEqual(
      all<DriverArticle9Ground>({ 'art9-1': true, 'art9-2': true, 'art9-9': true, 'art9-9-2': true }),
    );
    expect([...schemas.Environment.enum].sort()).toEqual(all<DriverEnvironment>({ test: true, prod: true }));
    expect([...schemas.Phase.enum].sort()).toEqual(
      all<AccessRequestPhase>({
        pending: true,
        granted: true,
        declined: true,
        expired: true,
        locked: true,
        failed: true,
      }),
    );
  });

  it('requires what the types require', () => {
    const req = (name: string) => [...schemas[name].required].sort();
    expect(req('DescribeResponse')).toEqual(
      required<DescribeResponse>({ protocol: true, system: true, organisation: true, ways: true, dataServices: true }),
    );
    expect(req('EnvironmentConfig')).toEqual(
      required<EnvironmentConfig>({ shepUrl: true, senderId: true, password: true }),
    );
    expect(req('StartAccessRequest')).toEqual(
      required<StartAccessRequest>({
        environment: true,
        iin: true,
        way: true,
        dataService: true,
        purpose: true,
        lifetime: true,
      }),
    );
    expect(req('AccessRequestState')).toEqual(required<AccessRequestState>({ id: true, phase: true, tokenHeld: true }));
    expect(req('RevocationSyncResult')).toEqual(required<RevocationSyncResult>({ decisions: true }));
    expect(req('RevocationDecision')).toEqual(
      required<RevocationDecision>({
        environment: true,
        revocationId: true,
        iin: true,
        dataService: true,
        solution: true,
        accessRequests: true,
      }),
    );
    expect([...schemas.RevocationDecision.properties.solution.enum].sort()).toEqual(
      all<RevocationDecision['solution']>({ ACCEPT: true, REJECT: true }),
    );
  });

  it('documents the eight operations of v1 under their paths (one optional: the revocation job)', () => {
    const ops = Object.entries(DRIVER_OPENAPI.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops.sort()).toEqual(
      [
        'GET /describe',
        'PUT /environments/{environment}',
        'POST /access-requests',
        'GET /access-requests/{id}',
        'POST /access-requests/{id}/fetch',
        'GET /signing-key',
        'POST /revocations/sync',
        'POST /reset',
      ].sort(),
    );
  });
});
