/**
 * The contracts' public face (package export `kdp-conformance/contracts`): the harness's
 * interactions and the SOAP body builders with their namespace fix, for an integrator's own Pact
 * tests, and verification of a pact against the mock environment.
 */
export { interactions, defaultFixtures, CONSUMER, PROVIDER, type ContractInteraction } from './catalogue.ts';
export { generatePact, pactFileName, consumerRequest, assertRelied, SHEP_TEST_PATH } from './consumer.ts';
export {
  sendMessageBody,
  answerBody,
  type DataNode,
  type ShepRequestSpec,
  type ShepAnswerSpec,
} from './shep-bodies.ts';
export * from './soap-xml.ts';
export { STATES, KNOWN_STATES } from './states.ts';
export { verifyPactIsolated as verifyPact } from './isolated.ts';
export {
  CONTRACT_RESULT_VERSION,
  type ContractResults,
  type ContractInteractionResult,
  type ContractMismatch,
} from './results.ts';
