import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';
/**
 * The technical profile's requirements on the state service (KDP) and the data services behind
 * SHEP. The Rules say what must hold (R2.8, R3, R7.x, R10.2); where the public record is silent
 * (docs/kdp.md, "Profile choices") these IDs name the choice the mock makes and the suites check.
 */

export const KDP_REQUIREMENTS = [
  {
    id: 'T-KDP-1',
    rule: 'R7.0',
    title:
      "Every field of getUserDataRequest is validated (uin by the IIN validator, company_bin by the BIN validator and equal to the sender's BIN, access_name granted to the organisation, expiresIn in range); a refusal is a SOAP fault with a documented KDP-nnn code.",
  },
  {
    id: 'T-KDP-2',
    rule: 'R7.0',
    title:
      'A request names its way in the requestInfo property "consentWay" or the data element <consentWay>; omit-sms=true selects own means; without either the way is sms; an unknown, ungranted or contradictory way is refused.',
  },
  {
    id: 'T-KDP-3',
    rule: 'R7.0',
    title:
      'A request that waits for the subject answers status PENDING with a <requestId>; repeating the request with requestInfo/correlationId (or <requestId>) equal to it answers the current status, and code and public-key once APPROVED. In "wait" mode the first answer is held until decided or a limit.',
  },
  {
    id: 'T-KDP-4',
    rule: 'R2.8',
    title:
      "An access token (code) is an ES256 JWT of type kdp-access+jwt signed by the state service's own key of that environment, with iss, sub (IIN), aud (access_name), cbin (initiator BIN), env, way, rid, jti, iat, nbf and exp; public-key is that key as PEM SPKI.",
  },
  {
    id: 'T-KDP-5',
    rule: 'R2.8',
    title:
      'expiresIn is read in seconds (configurable: ms), bounded by a minimum and a maximum; absent, a default lifetime applies.',
  },
  {
    id: 'T-KDP-6',
    rule: 'R2.8',
    title:
      "The state service's signing keys, consents, tokens and history are kept in the Store and survive a restart.",
  },
  {
    id: 'T-KDP-7',
    rule: 'R3',
    title: 'Every token issue, use, refusal and revocation is recorded (Store and exchange journal, channel "kdp").',
  },
  {
    id: 'T-KDP-8',
    rule: 'R10.2',
    title:
      'The security token ovt is a JWT signed (RS256 or ES256) by a key registered for the organisation, with cbin, mcheck, iat, exp, jti, aud, sub and access_name, a lifetime of at most 10 minutes; forged, expired, replayed or mis-bound tokens, alg none and HMAC with a public key are refused.',
  },
  {
    id: 'T-KDP-9',
    rule: 'R3',
    title:
      "A data service verifies the token with the state service's own key only (never the publicKey the request supplies, which must equal the state service's key) and releases data only if the token is bound to that subject, initiator, service and environment, unexpired and unrevoked.",
  },
  {
    id: 'T-KDP-10',
    rule: 'R7.4',
    title:
      "KDP_PERSONALDATA answers the subject's access history in a date range: who, when, what, which way, which ground.",
  },
  {
    id: 'T-KDP-11',
    rule: 'R7.0',
    title:
      'A subject asks to revoke a consent by SMS (ОТОЗВАТЬ/КЕРІ/REVOKE and the reference from the approval SMS) or through the environment API; the request is listed to the initiator by KDP_LIST_TO_REVOKE; an ACCEPT sent by KDP_SEND_SOLUTION stops the token at once.',
  },
  {
    id: 'T-KDP-12',
    rule: 'R7.5',
    title:
      'Way sms: the subject gets an SMS naming the requester and the data with a one-time code; answering the code approves; НЕТ/ЖОҚ declines; a wrong, expired, exhausted or reused code never approves.',
  },
  {
    id: 'T-KDP-13',
    rule: 'R7.1',
    title:
      "Way 1414: the request waits in the contact-center queue for at most 24 hours (configurable); the operator's confirmation approves and refusal declines.",
  },
  {
    id: 'T-KDP-14',
    rule: 'R7.3',
    title:
      'Way proactive: the subject gets an offer by SMS; ИӘ/ДА accepts, ЖОҚ/НЕТ declines (an answer to the offer SMS goes to that offer); the offer stands for 24 hours (configurable).',
  },
  {
    id: 'T-KDP-15',
    rule: 'R7.4',
    title:
      'Way notification: the request names its Article 9 ground in the property or element "article9Ground"; no consent is asked, the subject is notified by SMS and the access is recorded with its ground.',
  },
  {
    id: 'T-KDP-16',
    rule: 'R7.0',
    title: 'Status values are PENDING, APPROVED, DECLINED, EXPIRED and LOCKED (attempt limit reached).',
  },
  {
    id: 'T-KDP-17',
    rule: 'R11',
    title:
      'In-process use: msw handlers answer both SHEP endpoints and every JSON API of the environment under any base URL, through the same routes and cores as the networked server.',
  },
] as const satisfies readonly ProfileRequirement[];

export type KdpRequirementId = (typeof KDP_REQUIREMENTS)[number]['id'];
