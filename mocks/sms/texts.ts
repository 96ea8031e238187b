/**
 * What the gateway says to a subject, in Kazakh (the state language) and Russian. Placeholders are
 * `{name}`. Values are put after a label ("Сұраушы: {requester}") rather than inside a sentence, so
 * that an organisation's name never needs a Kazakh case ending or a Russian declension.
 */
export type Lang = 'kk' | 'ru';
export const LANGS: readonly Lang[] = ['kk', 'ru'];

/** The placeholders each template needs. */
export interface TemplateParams {
  /** Way 5: the state service asks for consent; the subject answers with the code, or with a no. */
  'code-request': { requester: string; data: string; code: string; minutes: string };
  /** Way 3: a proactive service is offered; the subject answers yes or no. */
  'proactive-offer': { provider: string; service: string };
  /** Way 4: no consent is asked (Article 9); the subject is told of the access. */
  'access-notification': { requester: string; data: string; ground: string };
  'consent-given': { requester: string; data: string };
  'consent-refused': { requester: string; data: string };
  'code-wrong': { attemptsLeft: string };
  'code-expired': Record<never, string>;
  'code-locked': Record<never, string>;
  /** Sent by the gateway itself when no service waits for an answer from that phone. */
  'answer-unexpected': Record<never, string>;
  'answer-not-understood': Record<never, string>;
}

export type TemplateId = keyof TemplateParams;

export const TEMPLATES: { readonly [T in TemplateId]: Readonly<Record<Lang, string>> } = {
  'code-request': {
    kk: 'Дербес деректеріңізге қол жеткізу сұралуда. Сұраушы: {requester}. Деректер: {data}. Келісім беру үшін осы SMS-ке {code} кодымен жауап беріңіз (код {minutes} минут жарамды). Бас тарту үшін ЖОҚ деп жауап беріңіз. Кодты ешкімге айтпаңыз.',
    ru: 'Запрос доступа к вашим персональным данным. Запрашивает: {requester}. Данные: {data}. Чтобы дать согласие, ответьте на это SMS кодом {code} (код действует {minutes} мин.). Чтобы отказать, ответьте НЕТ. Никому не сообщайте код.',
  },
  'proactive-offer': {
    kk: 'Проактивті қызмет. Ұсынушы: {provider}. Қызмет: {service}. Келісесіз бе? ИӘ немесе ЖОҚ деп жауап беріңіз.',
    ru: 'Проактивная услуга. Предлагает: {provider}. Услуга: {service}. Согласны? Ответьте ДА или НЕТ.',
  },
  'access-notification': {
    kk: 'Хабарлама: дербес деректеріңізге қол жеткізілді. Алушы: {requester}. Деректер: {data}. Негіздеме: {ground}.',
    ru: 'Уведомление: получен доступ к вашим персональным данным. Получатель: {requester}. Данные: {data}. Основание: {ground}.',
  },
  'consent-given': {
    kk: 'Келісіміңіз қабылданды. Сұраушы: {requester}. Деректер: {data}.',
    ru: 'Ваше согласие принято. Запрашивает: {requester}. Данные: {data}.',
  },
  'consent-refused': {
    kk: 'Бас тартуыңыз қабылданды, деректер берілмейді. Сұраушы: {requester}. Деректер: {data}.',
    ru: 'Ваш отказ принят, данные не будут переданы. Запрашивает: {requester}. Данные: {data}.',
  },
  'code-wrong': {
    kk: 'Код қате. Қалған әрекет саны: {attemptsLeft}.',
    ru: 'Неверный код. Осталось попыток: {attemptsLeft}.',
  },
  'code-expired': {
    kk: 'Кодтың жарамдылық мерзімі өтті.',
    ru: 'Срок действия кода истёк.',
  },
  'code-locked': {
    kk: 'Код енгізу әрекеттерінің саны таусылды, код бұғатталды.',
    ru: 'Исчерпано число попыток ввода кода, код заблокирован.',
  },
  'answer-unexpected': {
    kk: 'Сіздің жауабыңызды күтіп тұрған сұрау жоқ.',
    ru: 'Нет запроса, который ожидает вашего ответа.',
  },
  'answer-not-understood': {
    kk: 'Жауап танылмады. SMS-тегі кодпен немесе ИӘ / ЖОҚ деп жауап беріңіз.',
    ru: 'Ответ не распознан. Ответьте кодом из SMS или ДА / НЕТ.',
  },
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholder names a template text uses, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills a template. A missing value throws rather than sending "{code}" to a subject; a value's own
 * braces are left alone because substitution is a single pass.
 */
export function renderSms<T extends TemplateId>(template: T, lang: Lang, params: TemplateParams[T]): string {
  const text = TEMPLATES[template][lang];
  const values = params as Record<string, string | undefined>;
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`template ${template}/${lang} needs {${name}}`);
    return v;
  });
}
