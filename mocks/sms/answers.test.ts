import { describe, expect, it } from 'vitest';
import { answerKind, parseAnswer } from './answers.ts';

describe('parseAnswer', () => {
  const cases: [string, ReturnType<typeof parseAnswer>][] = [
    ['Иә', { decision: 'yes' }],
    ['ия', { decision: 'yes' }],
    ['ДА!', { decision: 'yes' }],
    ['yes', { decision: 'yes' }],
    ['Жоқ, рахмет', { decision: 'no' }],
    ['жок', { decision: 'no' }],
    ['Нет.', { decision: 'no' }],
    ['NO', { decision: 'no' }],
    ['482913', { code: '482913' }],
    ['482 913', { code: '482913' }],
    ['482-913', { code: '482913' }],
    ['ab3-k7q', { code: 'AB3K7Q' }],
    ['ДА 482913', { decision: 'yes', code: '482913' }],
    ['Код: 482913', { code: '482913' }],
    ['да нет', { ambiguous: true }],
    ['ok thanks', {}],
    ['THANKS', {}],
    ['мама', {}],
    ['Спасибо', {}],
    ['12', {}],
  ];
  for (const [text, expected] of cases) {
    it(`R7.5 T-SMS-7: reads ${JSON.stringify(text)}`, () => {
      expect(parseAnswer(text)).toEqual(expected);
    });
  }

  it('names the kind of an answer for the journal', () => {
    expect(answerKind(parseAnswer('ДА 482913'))).toBe('yes+code');
    expect(answerKind(parseAnswer('482913'))).toBe('code');
    expect(answerKind(parseAnswer('да нет'))).toBe('ambiguous');
    expect(answerKind(parseAnswer('hello there'))).toBe('text');
  });
});
