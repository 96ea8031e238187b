/**
 * Phone numbers and IINs travel in these APIs' paths and queries (/phones/+77011234567/…,
 * ?subjectIin=…), and fastify logs every request URL. Any run of 10 or more digits — a phone with
 * or without +7, written plain or with spaces, dashes and brackets (raw or %-encoded), an IIN —
 * keeps only its last two digits in a log line.
 */
export function maskPersonalData(text: string): string {
  return text.replace(/\d(?:(?:%20|%2B|[\s\-().+])*\d){9,}/gi, (run) => {
    const digits = run.replace(/%2B|%20|\D/gi, '');
    return '*'.repeat(digits.length - 2) + digits.slice(-2);
  });
}
