/**
 * The technical profile: every choice the project makes where the public record of the real
 * systems is silent (docs/profile.md lists them, each module's docs detail them). Reports carry
 * this version so the authorized body knows which assumptions a run was held to.
 */
export const PROFILE_VERSION = '0.2.0';
