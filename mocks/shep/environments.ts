/** SHEP runs a test and a production environment, with separate credentials: every core keys its state by it. */
export const SHEP_ENVIRONMENTS = ['test', 'prod'] as const;
export type ShepEnvironment = (typeof SHEP_ENVIRONMENTS)[number];
