import { normalizeCode } from './otp.ts';

/**
 * How the gateway reads a subject's SMS answer (T-SMS-7). Subjects write freely: "Иә", "да!",
 * "482 913", "ДА 482913", "Жоқ, рахмет". The gateway extracts a yes/no decision and a code and
 * leaves the meaning to the service that waits for the answer.
 */
export interface ParsedAnswer {
  decision?: 'yes' | 'no';
  /** Normalised as codes are issued (no spaces or dashes, Latin capitals). */
  code?: string;
  /** Both a yes and a no keyword: the gateway does not guess. */
  ambiguous?: true;
}

/**
 * Whole words, compared in capitals. Kazakh answers come with and without the Kazakh letters
 * (ИӘ/ИЯ/ИА/ИЭ, ЖОҚ/ЖОК) because many phones lack a Kazakh keyboard.
 */
export const YES_WORDS: readonly string[] = ['ИӘ', 'ИЯ', 'ИА', 'ИЭ', 'ДА', 'Д', 'YES', 'Y'];
export const NO_WORDS: readonly string[] = ['ЖОҚ', 'ЖОК', 'НЕТ', 'Н', 'NO', 'N'];

/**
 * A code as the gateway recognises one: 4–12 Latin capitals or digits once normalised, at least
 * one of them a digit (every issued code has one), so that words are never read as codes.
 */
const CODE = /^(?=[A-Z]*\d)[0-9A-Z]{4,12}$/;
const SEPARATORS = /[\s,.;:!?()"'«»/]+/u;

export function parseAnswer(text: string): ParsedAnswer {
  const words = text.normalize('NFC').toUpperCase().split(SEPARATORS).filter(Boolean);
  const yes = words.some((w) => YES_WORDS.includes(w));
  const no = words.some((w) => NO_WORDS.includes(w));
  const result: ParsedAnswer = {};
  if (yes && no) result.ambiguous = true;
  else if (yes) result.decision = 'yes';
  else if (no) result.decision = 'no';

  // Digits split by spaces ("482 913") are one code when the answer holds nothing else; words are
  // never glued together, or "ok thanks" would read as the code OKTHANKS.
  if (/^[\d\s\-\u2010-\u2015]+$/u.test(text)) {
    const whole = normalizeCode(text);
    if (CODE.test(whole)) return { ...result, code: whole };
  }
  for (const w of words) {
    if (YES_WORDS.includes(w) || NO_WORDS.includes(w)) continue;
    const c = normalizeCode(w);
    if (CODE.test(c)) {
      result.code = c;
      break;
    }
  }
  return result;
}

/** One word for the journal: 'code', 'yes', 'no', 'yes+code', 'ambiguous', 'text'. */
export function answerKind(a: ParsedAnswer): string {
  if (a.ambiguous) return 'ambiguous';
  const parts = [a.decision, a.code !== undefined ? 'code' : undefined].filter(Boolean);
  return parts.length ? parts.join('+') : 'text';
}
