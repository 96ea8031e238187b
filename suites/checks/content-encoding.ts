import { perMessageCheck } from './per-message.ts';

// Mojibake: UTF-8 bytes read as Latin-1/CP1251 and written again (Ð, Ñ, Ò… followed by a continuation).
const MOJIBAKE = /[ÐÑÒÓ][\u0080-\u00bf]|â€|Ã[\u0080-\u00bf]/;

/** text/xml in UTF-8 (the gateway refuses another charset: ETRN001), Cyrillic intact. */
export const contentEncoding = perMessageCheck({
  name: 'content-encoding',
  summary: 'content type accepted (no ETRN001), UTF-8 declared or implied, Cyrillic not garbled',
  noun: 'messages',
  picks: () => true,
  judge(v) {
    if (v.x.outcome === 'ETRN001') return 'the gateway refused the content type or charset (ETRN001)';
    const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(v.x.request)?.[1];
    if (decl && decl.toUpperCase() !== 'UTF-8') return `declares encoding ${decl}, not UTF-8`;
    if (v.x.request.includes('\ufffd')) return 'holds U+FFFD: text was not UTF-8';
    if (MOJIBAKE.test(v.x.request)) return 'Cyrillic text is garbled (UTF-8 read as a single-byte charset)';
    return undefined;
  },
});
