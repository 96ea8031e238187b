import { describe, expect, it } from 'vitest';
import { LANGS, TEMPLATES, placeholdersOf, renderSms, type TemplateId, type TemplateParams } from './texts.ts';

/** One sample value per placeholder, for every template: the compiler keeps it complete. */
const SAMPLES: { [T in TemplateId]: TemplateParams[T] } = {
  'code-request': { requester: 'АО «Банк Пример»', data: 'адрес регистрации', code: '482913', minutes: '5' },
  'proactive-offer': { provider: 'НАО «Правительство для граждан»', service: 'пособие при рождении ребёнка' },
  'access-notification': { requester: 'КГД МФ РК', data: 'сведения о доходах', ground: 'ст. 9 п. 1 Закона 94-V' },
  'consent-given': { requester: 'АО «Банк Пример»', data: 'адрес регистрации' },
  'consent-refused': { requester: 'АО «Банк Пример»', data: 'адрес регистрации' },
  'code-wrong': { attemptsLeft: '2' },
  'code-expired': {},
  'code-locked': {},
  'answer-unexpected': {},
  'answer-not-understood': {},
};

const KAZAKH_LETTERS = /[әғқңөұүһі]/i;

describe('SMS texts', () => {
  for (const id of Object.keys(TEMPLATES) as TemplateId[]) {
    it(`R7.5 T-SMS-6: ${id} renders in Kazakh and Russian with every placeholder filled`, () => {
      const [kk, ru] = LANGS.map((lang) => renderSms(id, lang, SAMPLES[id]));
      for (const text of [kk!, ru!]) {
        expect(text).not.toMatch(/[{}]/);
        for (const value of Object.values(SAMPLES[id])) expect(text).toContain(value);
      }
      expect(kk).toMatch(KAZAKH_LETTERS);
      expect(ru).not.toMatch(KAZAKH_LETTERS);
      // Both languages ask for the same values.
      expect(placeholdersOf(TEMPLATES[id].kk).sort()).toEqual(placeholdersOf(TEMPLATES[id].ru).sort());
      expect(placeholdersOf(TEMPLATES[id].kk).sort()).toEqual(Object.keys(SAMPLES[id]).sort());
    });
  }

  it('R7.5 T-SMS-6: a code request names the requester, the data, the code and how to refuse', () => {
    const p = SAMPLES['code-request'];
    const kk = renderSms('code-request', 'kk', p);
    const ru = renderSms('code-request', 'ru', p);
    for (const t of [kk, ru]) for (const v of [p.requester, p.data, p.code]) expect(t).toContain(v);
    expect(kk).toContain('ЖОҚ');
    expect(ru).toContain('НЕТ');
  });

  it('refuses to send a text with a placeholder left empty', () => {
    expect(() => renderSms('code-wrong', 'ru', {} as TemplateParams['code-wrong'])).toThrow(/attemptsLeft/);
  });

  it('does not expand braces inside a value (one pass)', () => {
    expect(renderSms('code-wrong', 'kk', { attemptsLeft: '{code}' })).toContain('{code}');
  });
});
