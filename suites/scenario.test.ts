import { describe, expect, it } from 'vitest';
import { codeIn, wrongCode } from './scenario.ts';

describe('R7.5 the subject reads the code from the SMS', () => {
  it('finds the code in the Kazakh and the Russian text, not the requester BIN before it', () => {
    expect(
      codeIn('Сұраушы: АО «Банк» (240140236005). Келісім беру үшін осы SMS-ке 482913 кодымен жауап беріңіз.'),
    ).toBe('482913');
    expect(
      codeIn(
        'Запрашивает: АО «Банк» (240140236005). Чтобы дать согласие, ответьте на это SMS кодом K7P2QX (код действует 5 мин.).',
      ),
    ).toBe('K7P2QX');
    expect(codeIn('Уведомление без кода')).toBeUndefined();
  });
  it('makes a wrong code of the same form', () => {
    expect(wrongCode('482913')).not.toBe('482913');
    expect(wrongCode('482913')).toMatch(/^\d{6}$/);
  });
});
