import type { Article9Ground } from '../../protocol/kdp/ways.ts';
import type { Lang } from '../sms/texts.ts';

/**
 * The state service's own SMS texts, in Kazakh and Russian: only what the SMS gateway's templates
 * (mocks/sms/texts.ts: code request, offer, notification, consent given/refused, code wrong/expired/
 * locked) do not cover — revocation and telling several waiting requests apart.
 */
type Texts = Record<Lang, string>;

export const KDP_TEXTS = {
  revocationRequested: (ref: string, company: string): Texts => ({
    kk: `${ref} келісімін кері қайтарып алу туралы өтінішіңіз жіберілді. Алушы: ${company}.`,
    ru: `Ваш запрос на отзыв согласия ${ref} направлен. Получатель: ${company}.`,
  }),
  revocationUnknown: (): Texts => ({
    kk: 'Кері қайтарып алатын келісім табылмады. КЕРІ деп келісім туралы SMS-ке жауап беріңіз немесе КЕРІ және оның нөмірін жіберіңіз.',
    ru: 'Согласие для отзыва не найдено. Ответьте ОТОЗВАТЬ на SMS о согласии или отправьте ОТОЗВАТЬ и его номер.',
  }),
  revoked: (ref: string, company: string): Texts => ({
    kk: `${ref} келісімі кері қайтарылды, деректерге қол жеткізу тоқтатылды. Алушы: ${company}.`,
    ru: `Согласие ${ref} отозвано, доступ к данным прекращён. Получатель: ${company}.`,
  }),
  revocationRejected: (ref: string, company: string, reason: string): Texts => ({
    kk: `${ref} келісімін кері қайтарып алудан бас тартылды. Алушы: ${company}. Себебі: ${reason}.`,
    ru: `В отзыве согласия ${ref} отказано. Получатель: ${company}. Причина: ${reason}.`,
  }),
  consentReference: (ref: string): Texts => ({
    kk: `Келісім нөмірі: ${ref}. Кері қайтарып алу үшін КЕРІ ${ref} жіберіңіз.`,
    ru: `Номер согласия: ${ref}. Чтобы отозвать, отправьте ОТОЗВАТЬ ${ref}.`,
  }),
  /** An answer that came after another decided the request (a code racing a НЕТ, a late offer reply). */
  alreadyDecided: (status: 'APPROVED' | 'DECLINED' | 'EXPIRED'): Texts =>
    ({
      APPROVED: {
        kk: 'Бұл сұрау бойынша келісім бұрын берілген, жауабыңыз оны өзгертпеді. Кері қайтарып алу үшін келісім туралы SMS-тегі нөмірмен КЕРІ жіберіңіз.',
        ru: 'По этому запросу согласие уже дано, ваш ответ его не изменил. Чтобы отозвать, отправьте ОТОЗВАТЬ и номер из SMS о согласии.',
      },
      DECLINED: {
        kk: 'Бұл сұрау бойынша бас тартуыңыз бұрын қабылданған, деректер берілмейді.',
        ru: 'По этому запросу ваш отказ уже принят, данные не будут переданы.',
      },
      EXPIRED: {
        kk: 'Бұл сұрауға жауап беру мерзімі өтіп кетті, деректер берілмейді.',
        ru: 'Срок ответа на этот запрос истёк, данные не будут переданы.',
      },
    })[status],
  whichRequest: (): Texts => ({
    kk: 'Сізде бірнеше сұрау күтуде: нақты SMS-ке жауап беріңіз.',
    ru: 'У вас несколько ожидающих запросов: ответьте на конкретное SMS.',
  }),
};

/** The {ground} of the access-notification template: Article 9's subparagraph as the law numbers it. */
export function groundText(ground: Article9Ground, lang: Lang): string {
  const sub = { 'art9-1': '1)', 'art9-2': '2)', 'art9-9': '9)', 'art9-9-2': '9-2)' }[ground];
  return lang === 'kk'
    ? `«Дербес деректер және оларды қорғау туралы» Заңның 9-бабы ${sub} тармақшасы`
    : `подпункт ${sub} статьи 9 Закона «О персональных данных и их защите»`;
}
