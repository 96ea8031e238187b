import type { Organisation, Subject } from '../../fixtures/types.ts';

/** A legal entity the person is affiliated with (the wire's Affiliation in protocol/kdp/data-services.ts). */
export interface Affiliation {
  bin: string;
  name: string;
  /** The profile's roles: the public record names none. */
  role: 'HEAD' | 'FOUNDER';
}

/**
 * The legal entities a subject is affiliated with, derived from the fixtures (no fixture links
 * people to organisations): a pure function of the IIN, so every run and both environments agree.
 * About a third of subjects have none, the others one or two, with the roles the profile chooses.
 */
export function affiliationsOf(subject: Pick<Subject, 'iin'>, organisations: readonly Organisation[]): Affiliation[] {
  if (organisations.length === 0) return [];
  const serial = Number(subject.iin.slice(7, 11));
  const count = serial % 3;
  const out: Affiliation[] = [];
  for (let i = 0; i < count && i < organisations.length; i++) {
    const org = organisations[(serial + i * 7) % organisations.length]!;
    if (out.some((a) => a.bin === org.bin)) continue;
    out.push({ bin: org.bin, name: org.name, role: i === 0 ? 'HEAD' : 'FOUNDER' });
  }
  return out;
}
