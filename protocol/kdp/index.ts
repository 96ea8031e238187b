/** The state service's and the data services' messages, as they travel inside SHEP's requestData/data. */
export * from './consent.ts';
export * from './data-services.ts';
export * from './fields.ts';
export * from './history.ts';
export * from './ovt.ts';
export * from './revocation.ts';
export * from './ways.ts';
