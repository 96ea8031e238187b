import type { Blame, ResultStatus } from '../../suites/result.ts';
import type { Language, Verdict } from '../model.ts';

/** The words of the HTML report and the testing act in Kazakh, Russian and English. */
export const UI = {
  reportTitle: {
    en: 'Conformance report',
    kk: 'Сәйкестік туралы есеп',
    ru: 'Отчёт о соответствии',
  },
  subtitle: {
    en: 'Integration with the state service for control of access to personal data (order 236/НҚ)',
    kk: 'Дербес деректерге қол жеткізуді бақылау мемлекеттік сервисімен интеграция (№ 236/НҚ бұйрық)',
    ru: 'Интеграция с государственным сервисом контроля доступа к персональным данным (приказ № 236/НҚ)',
  },
  verdict: { en: 'Verdict', kk: 'Қорытынды', ru: 'Вердикт' },
  certifiedBy: { en: 'Certified by', kk: 'Растаған', ru: 'Удостоверяет' },
  notAttested: {
    en: 'Not attested: no person of the organisation certifies this run',
    kk: 'Расталмаған: ұйымның ешбір өкілі бұл сынақты растамайды',
    ru: 'Не удостоверено: никто из организации не удостоверяет этот прогон',
  },
  organisation: { en: 'Organisation', kk: 'Ұйым', ru: 'Организация' },
  system: { en: 'System under test', kk: 'Сыналатын жүйе', ru: 'Тестируемая система' },
  reachedBy: { en: 'Reached by', kk: 'Қол жеткізу тәсілі', ru: 'Способ доступа' },
  environment: { en: 'Environment', kk: 'Орта', ru: 'Среда' },
  expires: { en: 'Valid until', kk: 'Жарамдылық мерзімі', ru: 'Действителен до' },
  run: { en: 'Run', kk: 'Сынақ', ru: 'Прогон' },
  versions: { en: 'Versions', kk: 'Нұсқалар', ru: 'Версии' },
  plans: { en: 'Plans', kk: 'Жоспарлар', ru: 'Планы' },
  counts: { en: 'Checks', kk: 'Тексерулер', ru: 'Проверки' },
  requirements: { en: 'Requirements', kk: 'Талаптар', ru: 'Требования' },
  requirement: { en: 'Requirement', kk: 'Талап', ru: 'Требование' },
  clause: { en: 'Clause', kk: 'Тармақ', ru: 'Пункт' },
  status: { en: 'Status', kk: 'Күйі', ru: 'Статус' },
  check: { en: 'Check', kk: 'Тексеру', ru: 'Проверка' },
  message: { en: 'Result', kk: 'Нәтиже', ru: 'Результат' },
  evidence: { en: 'Evidence', kk: 'Дәлелдер', ru: 'Доказательства' },
  request: { en: 'Request', kk: 'Сұрау', ru: 'Запрос' },
  response: { en: 'Response', kk: 'Жауап', ru: 'Ответ' },
  failures: { en: 'Failures', kk: 'Сәтсіздіктер', ru: 'Сбои' },
  noFailures: { en: 'No failures.', kk: 'Сәтсіздіктер жоқ.', ru: 'Сбоев нет.' },
  failedOnly: { en: 'Show failed only', kk: 'Тек сәтсіздерін көрсету', ru: 'Только неуспешные' },
  timeline: { en: 'Timeline', kk: 'Уақыт желісі', ru: 'Хронология' },
  coverage: { en: 'Coverage', kk: 'Қамту', ru: 'Покрытие' },
  exercised: { en: 'Exercised', kk: 'Тексерілді', ru: 'Проверено' },
  notExercised: { en: 'Not exercised', kk: 'Тексерілмеді', ru: 'Не проверено' },
  ways: { en: 'Consent ways (clause 7)', kk: 'Келісім тәсілдері (7-тармақ)', ru: 'Способы согласия (пункт 7)' },
  dataServices: { en: 'Data services', kk: 'Деректер сервистері', ru: 'Сервисы данных' },
  shepOperations: { en: 'SHEP operations', kk: 'ЭҮШ операциялары', ru: 'Операции ШЭП' },
  expectedFailures: { en: 'Expected failures', kk: 'Күтілген сәтсіздіктер', ru: 'Ожидаемые сбои' },
  expectedApplied: { en: 'Applied', kk: 'Қолданылды', ru: 'Применены' },
  expectedUnmet: {
    en: 'Expected but did not happen',
    kk: 'Күтілген, бірақ болмаған',
    ru: 'Ожидались, но не произошли',
  },
  reason: { en: 'Reason', kk: 'Себебі', ru: 'Причина' },
  omitted: {
    en: 'checks of requirements that bind the platform or the harness are left out',
    kk: 'платформаға немесе сынақ құралына қатысты талаптардың тексерулері енгізілмеген',
    ru: 'проверки требований к платформе или к самому стенду не включены',
  },
  masked: {
    en: 'Personal data (IIN, phone numbers, names, tokens, passwords) are masked.',
    kk: 'Дербес деректер (ЖСН, телефон нөмірлері, аты-жөндер, токендер, құпиясөздер) жасырылған.',
    ru: 'Персональные данные (ИИН, номера телефонов, имена, токены, пароли) замаскированы.',
  },
  language: { en: 'Language', kk: 'Тіл', ru: 'Язык' },
  started: { en: 'Started', kk: 'Басталды', ru: 'Начало' },
  ended: { en: 'Ended', kk: 'Аяқталды', ru: 'Окончание' },
  module: { en: 'Module', kk: 'Модуль', ru: 'Модуль' },
  expectedTag: { en: 'expected', kk: 'күтілген', ru: 'ожидаемый' },
  contracts: {
    en: 'Contracts: your pacts against the state service',
    kk: 'Келісімшарттар: сіздің pact-тарыңыз мемлекеттік сервиске қарсы',
    ru: 'Контракты: ваши pact против государственного сервиса',
  },
  interactions: { en: 'Interactions', kk: 'Өзара әрекеттер', ru: 'Взаимодействия' },
  honoured: { en: 'honoured', kk: 'орындалды', ru: 'выполнено' },
  refused: { en: 'refused', kk: 'қабылданбады', ru: 'отклонён' },
  providerStates: { en: 'Provider states', kk: 'Провайдер күйлері', ru: 'Состояния провайдера' },
  unmapped: {
    en: 'Interactions that exercise no requirement binding the integrator',
    kk: 'Интеграторға қатысты талапты тексермейтін өзара әрекеттер',
    ru: 'Взаимодействия, не затрагивающие требований к интегратору',
  },
} satisfies Record<string, Record<Language, string>>;

export const STATUS_TEXT: Record<ResultStatus, Record<Language, string>> = {
  PASSED: { en: 'passed', kk: 'өтті', ru: 'пройдено' },
  FAILED: { en: 'failed', kk: 'өтпеді', ru: 'не пройдено' },
  WARNING: { en: 'warning', kk: 'ескерту', ru: 'предупреждение' },
  REVIEW: { en: 'to review', kk: 'қарау керек', ru: 'на проверку' },
  SKIPPED: { en: 'skipped', kk: 'өткізілді', ru: 'пропущено' },
  UNKNOWN: { en: 'unknown', kk: 'белгісіз', ru: 'неизвестно' },
};

export const VERDICT_TEXT: Record<Verdict, Record<Language, string>> = {
  PASSED: { en: 'PASSED', kk: 'ӨТТІ', ru: 'ПРОЙДЕНО' },
  FAILED: { en: 'FAILED', kk: 'ӨТПЕДІ', ru: 'НЕ ПРОЙДЕНО' },
  INCOMPLETE: { en: 'INCOMPLETE', kk: 'АЯҚТАЛМАҒАН', ru: 'НЕ ЗАВЕРШЕНО' },
};

export const BLAME_TEXT: Record<Blame, Record<Language, string>> = {
  sut: { en: 'Your system', kk: 'Сіздің жүйеңіз', ru: 'Ваша система' },
  configuration: { en: 'Configuration of the run', kk: 'Сынақ баптауы', ru: 'Настройка прогона' },
  environment: { en: 'The environment', kk: 'Сынақ ортасы', ru: 'Среда' },
};
