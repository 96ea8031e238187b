/**
 * Declared defects: each turns one conforming behaviour of the reference initiator into a known
 * mistake, so that the zoo of broken initiators (issue 9) can prove the harness catches it. None
 * exists yet; an unknown name is refused at start, so a typo cannot pass for a defect.
 */
export const KNOWN_DEFECTS = [] as const satisfies readonly string[];

export type Defect = (typeof KNOWN_DEFECTS)[number];

export function validateDefects(names: readonly string[]): Defect[] {
  const known: readonly string[] = KNOWN_DEFECTS;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown defect(s): ${unknown.join(', ')}. Known: ${known.length > 0 ? known.join(', ') : '(none yet)'}`,
    );
  }
  return names as Defect[];
}
