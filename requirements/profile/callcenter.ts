import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';

/**
 * The technical profile's requirements on the 1414 contact center (way 1 of clause 7, R7.1). The
 * Rules say only that the subject gives or refuses consent through the contact center; the queue,
 * the operator's steps and the lifetime are the profile's documented choice (docs/sms-and-1414.md).
 */
export const CALLCENTER_REQUIREMENTS = [
  {
    id: 'T-1414-1',
    rule: 'R7.1',
    title:
      "A consent request reaches the 1414 queue with the subject's IIN and phone, the requester and the data requested; malformed ones are refused.",
  },
  {
    id: 'T-1414-2',
    rule: 'R7.1',
    title:
      'An operator takes a request for a call; while it is taken, no other operator can take or decide it; it can be put back in the queue.',
  },
  {
    id: 'T-1414-3',
    rule: 'R7.1',
    title:
      "After the call the operator confirms or refuses on the subject's behalf, with an operator id and a note; the state service learns the outcome through its subscription.",
  },
  { id: 'T-1414-4', rule: 'R7.1', title: 'A request is decided once: a second decision is refused with 409.' },
  {
    id: 'T-1414-5',
    rule: 'R7.1',
    title:
      'A request not decided within its lifetime (default 24 hours on the virtual clock, as long as the state service waits for way 1) expires: no decision is taken after that, and the expiry is reported like a decision.',
  },
  {
    id: 'T-1414-6',
    rule: 'R7.1',
    title:
      'Every request put in the queue and every decision or expiry is recorded in the exchange journal (channel "callcenter").',
  },
] as const satisfies readonly ProfileRequirement[];

export type CallCenterRequirementId = (typeof CALLCENTER_REQUIREMENTS)[number]['id'];
