import { kdpError } from './errors.ts';

/**
 * What an initiator writes can reach a subject's phone (the data it asks for, a revocation's
 * reason). A line break or a control character there lets an initiator lay out an SMS of its own
 * inside the state service's ("…\nBank X: call 1414-000 now"); bidirectional overrides reorder
 * what the subject reads. Such a field is refused with KDP-108, never cleaned up in silence.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function refuseControlCharacters(fields: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(fields)) {
    const found = value === undefined ? null : UNSAFE.exec(value);
    if (found) {
      const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw kdpError('KDP-108', `${name} holds U+${code} at ${found.index}`, name);
    }
  }
}
