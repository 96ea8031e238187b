/**
 * Imported before @pact-foundation/pact anywhere in contracts/: the native core sends anonymous
 * usage metrics over the network unless told not to, and nothing here may reach beyond loopback.
 */
process.env.PACT_DO_NOT_TRACK = 'true';
