/**
 * The vocabulary a consent request names on the wire (the profile's consentWay and article9Ground
 * elements and properties, T-KDP-2, T-KDP-15). Plain values, no XML: cores, fixtures and clients
 * share them.
 */
export const CONSENT_WAYS = ['callcenter-1414', 'own-means', 'proactive', 'notification', 'sms'] as const;
/** The five ways of clause 7, in its order: 7.1 … 7.5. */
export type ConsentWay = (typeof CONSENT_WAYS)[number];

/**
 * Article 9 of Law 94-V: the cases where no consent is needed. Clause 3 of the Rules names
 * subparagraphs 1), 2), 9) and 9-2); only these may ground the notification way.
 */
export const ARTICLE9_GROUNDS = ['art9-1', 'art9-2', 'art9-9', 'art9-9-2'] as const;
export type Article9Ground = (typeof ARTICLE9_GROUNDS)[number];
