import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';
/**
 * The technical profile's requirements on Smart Bridge: where the Rules say what must hold (R4–R12)
 * but not how the platform does it, these IDs name the project's choice (docs/smart-bridge.md) and
 * the tests that check it carry them.
 */

export const SMART_BRIDGE_REQUIREMENTS = [
  {
    id: 'T-SB-1',
    rule: 'R4',
    title:
      'Every caller presents a bearer API key issued by the environment, bound to a BIN (organisation) or a reviewer (authorized body); only a digest is stored; a missing, unknown or revoked key answers 401.',
  },
  {
    id: 'T-SB-2',
    rule: 'R4',
    title:
      "An organisation reaches only its own applications and uploads; another's answer 404 exactly like a missing id; the wrong role answers 403; the authorized body reads all and decides.",
  },
  {
    id: 'T-SB-3',
    rule: 'R6',
    title:
      'Every refusal is problem+json with its type, the requirement it enforces and field-level errors; every route is schema-first and published in the OpenAPI document.',
  },
  {
    id: 'T-SB-4',
    rule: 'R4',
    title:
      'Every change of an application is kept in its history (who, when, what, why) in the same transaction as the change; a refused change leaves none.',
  },
  {
    id: 'T-SB-5',
    rule: 'R10.1',
    title:
      'Attachments are uploaded by tus 1.0 (core, creation, termination): exact offsets (409), size (413) and type (415, content sniffed) limits per kind, Tus-Resumable on every response.',
  },
  {
    id: 'T-SB-6',
    rule: 'R9',
    title:
      "Kazakhstan's calendar: fixed holidays, weekend substitution, religious days never moved, Kurban ait and transfers as replaceable yearly data with uncertain entries marked; days in Astana time (UTC+5).",
  },
  {
    id: 'T-SB-7',
    rule: 'R7.0',
    title: 'Approval may narrow what was asked, never widen it; only the approved scope is granted.',
  },
  {
    id: 'T-SB-8',
    rule: 'R12',
    title:
      'Credentials are issued once per environment through the SHEP credential registry; the password is shown once and never kept.',
  },
  {
    id: 'T-SB-9',
    rule: 'R11',
    title:
      "A testing act's evidence is judged from the gateway's exchange journal and the state service's records: a KDP_SERVICE consent approved with an access token bound to the organisation and environment, or a data service's release against one; faults, unfinished consents, tokenless services and other organisations' or unknown messages are refused.",
  },
  {
    id: 'T-SB-10',
    rule: 'R4',
    title:
      "The environment onboards its fixture organisations through the platform's own core at seed (the fixtures' credentials given, the act's evidence waived and said so) and issues API keys derived from the seed; one organisation is left to be onboarded by hand.",
  },
] as const satisfies readonly ProfileRequirement[];

export type SmartBridgeRequirementId = (typeof SMART_BRIDGE_REQUIREMENTS)[number]['id'];
