import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';
/**
 * The technical profile's requirements on the SMS gateway of Mobile government / 1414 (way 5 of
 * clause 7, R7.5). The Rules say only "an SMS with a one-time numeric or alphanumeric code"; every
 * figure below is the profile's documented choice (docs/sms-and-1414.md), not a published fact.
 */

export const SMS_REQUIREMENTS = [
  {
    id: 'T-SMS-1',
    rule: 'R7.5',
    title:
      'A one-time code is numeric (default, 6 digits) or alphanumeric from an alphabet without look-alike characters; its length is configurable (4–12).',
  },
  { id: 'T-SMS-2', rule: 'R7.5', title: 'A one-time code is accepted once; presenting it again is refused.' },
  {
    id: 'T-SMS-3',
    rule: 'R7.5',
    title:
      'A one-time code expires after its lifetime (default 5 minutes) on the virtual clock; an expired code is refused.',
  },
  {
    id: 'T-SMS-4',
    rule: 'R7.5',
    title:
      'Wrong codes count against an attempt limit (default 3); at the limit the code locks and even the right code is refused.',
  },
  {
    id: 'T-SMS-5',
    rule: 'R7.5',
    title: 'Only a keyed hash of a code is stored, and codes are compared in constant time.',
  },
  {
    id: 'T-SMS-6',
    rule: 'R7.5',
    title: 'Every SMS text exists in Kazakh and Russian; a code request names the requester and the data requested.',
  },
  {
    id: 'T-SMS-7',
    rule: 'R7.5',
    title:
      "The subject's SMS answer (a code, or a yes/no keyword) is parsed and routed to the service waiting for that phone, whose outcome text is sent back.",
  },
  {
    id: 'T-SMS-8',
    rule: 'R7.5',
    title:
      'The gateway obeys the fault plan: an SMS may be lost, delayed (visible only once the virtual clock reaches its delivery time) or delivered twice.',
  },
  {
    id: 'T-SMS-9',
    rule: 'R7.5',
    title: 'Every SMS, sent or answered, is recorded in the exchange journal (channel "sms").',
  },
  {
    id: 'T-SMS-10',
    rule: 'R7.5',
    title:
      "The virtual phone API lists, searches, waits for, answers and deletes a phone's messages; phone numbers are checked as Kazakh mobiles and every error is problem+json.",
  },
  { id: 'T-SMS-11', rule: 'R7.5', title: 'Phone numbers in request URLs are masked in the logs.' },
] as const satisfies readonly ProfileRequirement[];

export type SmsRequirementId = (typeof SMS_REQUIREMENTS)[number]['id'];
