import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the SMS gateway of Mobile government / 1414 (way 5 of
 * clause 7, R7.5). The Rules say only "an SMS with a one-time numeric or alphanumeric code"; every
 * figure below is the profile's documented choice (docs/sms-and-1414.md), not a published fact.
 * IDs are stable: never renumber.
 */
export const SMS_REQUIREMENTS = [
  {
    id: 'T-SMS-1',
    clause: 'docs/sms-and-1414.md § One-time codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'The format of a one-time code',
      kk: 'Бір реттік кодтың пішімі',
      ru: 'Формат одноразового кода',
    },
    text: {
      en: 'A one-time code is numeric (default, 6 digits) or alphanumeric from an alphabet without look-alike characters; its length is configurable (4–12).',
      kk: 'Бір реттік код цифрлық (әдепкі бойынша 6 цифр) немесе ұқсас таңбалары жоқ әліпбидегі әріптік-цифрлық болады; оның ұзындығын баптауға болады (4–12).',
      ru: 'Одноразовый код цифровой (по умолчанию 6 цифр) или буквенно-цифровой из алфавита без похожих символов; его длина настраивается (4–12).',
    },
  },
  {
    id: 'T-SMS-2',
    clause: 'docs/sms-and-1414.md § One-time codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'A code is accepted once',
      kk: 'Код бір рет қана қабылданады',
      ru: 'Код принимается один раз',
    },
    text: {
      en: 'A one-time code is accepted once; presenting it again is refused.',
      kk: 'Бір реттік код бір рет қабылданады; оны қайта ұсыну қабылданбайды.',
      ru: 'Одноразовый код принимается один раз; повторное предъявление отклоняется.',
    },
  },
  {
    id: 'T-SMS-3',
    clause: 'docs/sms-and-1414.md § One-time codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'A code expires',
      kk: 'Кодтың мерзімі өтеді',
      ru: 'Код истекает',
    },
    text: {
      en: 'A one-time code expires after its lifetime (default 5 minutes) on the virtual clock; an expired code is refused.',
      kk: 'Бір реттік кодтың мерзімі виртуалды сағат бойынша әрекет ету уақыты (әдепкі бойынша 5 минут) өткенде аяқталады; мерзімі өткен код қабылданбайды.',
      ru: 'Одноразовый код истекает по окончании срока действия (по умолчанию 5 минут) по виртуальным часам; истёкший код отклоняется.',
    },
  },
  {
    id: 'T-SMS-4',
    clause: 'docs/sms-and-1414.md § One-time codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'An attempt limit locks the code',
      kk: 'Әрекеттер шегі кодты бұғаттайды',
      ru: 'Предел попыток блокирует код',
    },
    text: {
      en: 'Wrong codes count against an attempt limit (default 3); at the limit the code locks and even the right code is refused.',
      kk: 'Қате кодтар әрекеттер шегіне (әдепкі бойынша 3) есептеледі; шекке жеткенде код бұғатталады және тіпті дұрыс код та қабылданбайды.',
      ru: 'Неверные коды засчитываются в предел попыток (по умолчанию 3); при достижении предела код блокируется, и даже верный код отклоняется.',
    },
  },
  {
    id: 'T-SMS-5',
    clause: 'docs/sms-and-1414.md § One-time codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'Codes are kept as keyed hashes',
      kk: 'Кодтар кілтті хэш ретінде сақталады',
      ru: 'Коды хранятся как хэши с ключом',
    },
    text: {
      en: 'Only a keyed hash of a code is stored, and codes are compared in constant time.',
      kk: 'Кодтың тек кілтті хэші ғана сақталады, ал кодтар тұрақты уақыт ішінде салыстырылады.',
      ru: 'Хранится только хэш кода с ключом, а коды сравниваются за постоянное время.',
    },
  },
  {
    id: 'T-SMS-6',
    clause: 'docs/sms-and-1414.md § Texts',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'Texts in Kazakh and Russian',
      kk: 'Қазақ және орыс тілдеріндегі мәтіндер',
      ru: 'Тексты на казахском и русском',
    },
    text: {
      en: 'Every SMS text exists in Kazakh and Russian; a code request names the requester and the data requested.',
      kk: 'Әр SMS мәтіні қазақ және орыс тілдерінде болады; код сұрауында сұрау салушы мен сұралған деректер аталады.',
      ru: 'Каждый текст SMS есть на казахском и русском языках; запрос кода называет запрашивающего и запрашиваемые данные.',
    },
  },
  {
    id: 'T-SMS-7',
    clause: 'docs/sms-and-1414.md § Answering by SMS',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: "The subject's answer is routed",
      kk: 'Субъектінің жауабы тиісті сервиске жіберіледі',
      ru: 'Ответ субъекта направляется по назначению',
    },
    text: {
      en: "The subject's SMS answer (a code, or a yes/no keyword) is parsed and routed to the service waiting for that phone, whose outcome text is sent back.",
      kk: 'Субъектінің SMS-жауабы (код немесе иә/жоқ кілт сөзі) талданып, сол телефонды күтіп тұрған сервиске жіберіледі, ал оның нәтижесінің мәтіні кері жіберіледі.',
      ru: 'SMS-ответ субъекта (код или ключевое слово да/нет) разбирается и направляется сервису, ожидающему этот телефон, а текст его исхода отправляется обратно.',
    },
  },
  {
    id: 'T-SMS-8',
    clause: 'docs/sms-and-1414.md § The gateway core',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R7.5',
    title: {
      en: 'SMS loss, delay and duplication',
      kk: 'SMS-тің жоғалуы, кешігуі және қайталануы',
      ru: 'Потеря, задержка и дублирование SMS',
    },
    text: {
      en: 'The gateway obeys the fault plan: an SMS may be lost, delayed (visible only once the virtual clock reaches its delivery time) or delivered twice.',
      kk: 'Шлюз ақаулар жоспарына бағынады: SMS жоғалуы, кешігуі (виртуалды сағат жеткізу уақытына жеткенде ғана көрінеді) немесе екі рет жеткізілуі мүмкін.',
      ru: 'Шлюз следует плану сбоев: SMS может быть потеряно, задержано (видно, только когда виртуальные часы достигнут времени доставки) или доставлено дважды.',
    },
  },
  {
    id: 'T-SMS-9',
    clause: 'docs/sms-and-1414.md § The gateway core',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R7.5',
    title: {
      en: 'Every SMS is journalled',
      kk: 'Әр SMS журналға жазылады',
      ru: 'Каждое SMS записывается в журнал',
    },
    text: {
      en: 'Every SMS, sent or answered, is recorded in the exchange journal (channel "sms").',
      kk: 'Жіберілген немесе жауап берілген әр SMS алмасу журналына ("sms" арнасы) жазылады.',
      ru: 'Каждое SMS, отправленное или полученное в ответ, записывается в журнал обменов (канал "sms").',
    },
  },
  {
    id: 'T-SMS-10',
    clause: 'docs/sms-and-1414.md § The virtual phone API',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R7.5',
    title: {
      en: 'The virtual phone API',
      kk: 'Виртуалды телефон API-і',
      ru: 'API виртуального телефона',
    },
    text: {
      en: "The virtual phone API lists, searches, waits for, answers and deletes a phone's messages; phone numbers are checked as Kazakh mobiles and every error is problem+json.",
      kk: 'Виртуалды телефон API-і телефон хабарламаларын тізімдейді, іздейді, күтеді, оларға жауап береді және жояды; телефон нөмірлері қазақстандық ұялы нөмірлер ретінде тексеріледі, әр қате problem+json түрінде беріледі.',
      ru: 'API виртуального телефона перечисляет, ищет, ожидает сообщения телефона, отвечает на них и удаляет их; номера проверяются как казахстанские мобильные, каждая ошибка — problem+json.',
    },
  },
  {
    id: 'T-SMS-11',
    clause: 'docs/sms-and-1414.md § Phone numbers',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R7.5',
    title: {
      en: 'Phone numbers are masked in the logs',
      kk: 'Телефон нөмірлері журналдарда жасырылады',
      ru: 'Номера телефонов маскируются в логах',
    },
    text: {
      en: 'Phone numbers in request URLs are masked in the logs.',
      kk: 'Сұрау URL-дарындағы телефон нөмірлері логтарда жасырылады.',
      ru: 'Номера телефонов в URL запросов маскируются в логах.',
    },
  },
] as const satisfies readonly Requirement[];

export type SmsRequirementId = (typeof SMS_REQUIREMENTS)[number]['id'];
