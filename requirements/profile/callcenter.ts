import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the 1414 contact center (way 1 of clause 7, R7.1). The
 * Rules say only that the subject gives or refuses consent through the contact center; the queue,
 * the operator's steps and the lifetime are the profile's documented choice (docs/sms-and-1414.md).
 * IDs are stable: never renumber.
 */
export const CALLCENTER_REQUIREMENTS = [
  {
    id: 'T-1414-1',
    clause: 'docs/sms-and-1414.md § The 1414 operator API',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: 'A consent request reaches the 1414 queue',
      kk: 'Келісім сұрауы 1414 кезегіне түседі',
      ru: 'Запрос согласия поступает в очередь 1414',
    },
    text: {
      en: "A consent request reaches the 1414 queue with the subject's IIN and phone, the requester and the data requested; malformed ones are refused.",
      kk: 'Келісім сұрауы 1414 кезегіне субъектінің ЖСН-імен және телефонымен, сұрау салушымен және сұралған деректермен бірге түседі; дұрыс құрылмаған сұраулар қабылданбайды.',
      ru: 'Запрос согласия поступает в очередь 1414 с ИИН и телефоном субъекта, запрашивающим и запрашиваемыми данными; некорректные запросы отклоняются.',
    },
  },
  {
    id: 'T-1414-2',
    clause: 'docs/sms-and-1414.md § The 1414 operator API',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: 'An operator takes a request',
      kk: 'Оператор сұрауды алады',
      ru: 'Оператор берёт запрос',
    },
    text: {
      en: 'An operator takes a request for a call; while it is taken, no other operator can take or decide it; it can be put back in the queue.',
      kk: 'Оператор сұрауды қоңырау шалу үшін алады; ол алынып тұрғанда басқа оператор оны ала алмайды және ол бойынша шешім қабылдай алмайды; сұрауды кезекке қайтаруға болады.',
      ru: 'Оператор берёт запрос для звонка; пока запрос взят, другой оператор не может взять или решить его; запрос можно вернуть в очередь.',
    },
  },
  {
    id: 'T-1414-3',
    clause: 'docs/sms-and-1414.md § The 1414 operator API',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: "The operator decides on the subject's behalf",
      kk: 'Оператор субъектінің атынан шешім қабылдайды',
      ru: 'Оператор решает от имени субъекта',
    },
    text: {
      en: "After the call the operator confirms or refuses on the subject's behalf, with an operator id and a note; the state service learns the outcome through its subscription.",
      kk: 'Қоңыраудан кейін оператор субъектінің атынан оператор идентификаторы мен ескертпені көрсетіп растайды немесе бас тартады; мемлекеттік сервис нәтижені өз жазылымы арқылы біледі.',
      ru: 'После звонка оператор подтверждает или отказывает от имени субъекта, указывая идентификатор оператора и примечание; государственный сервис узнаёт исход через свою подписку.',
    },
  },
  {
    id: 'T-1414-4',
    clause: 'docs/sms-and-1414.md § The 1414 operator API',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: 'A request is decided once',
      kk: 'Сұрау бойынша шешім бір рет қабылданады',
      ru: 'Запрос решается один раз',
    },
    text: {
      en: 'A request is decided once: a second decision is refused with 409.',
      kk: 'Сұрау бойынша шешім бір рет қабылданады: екінші шешім 409 кодымен қабылданбайды.',
      ru: 'Запрос решается один раз: второе решение отклоняется с кодом 409.',
    },
  },
  {
    id: 'T-1414-5',
    clause: 'docs/sms-and-1414.md § The core and its seam',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: 'An undecided request expires',
      kk: 'Шешілмеген сұраудың мерзімі өтеді',
      ru: 'Нерешённый запрос истекает',
    },
    text: {
      en: 'A request not decided within its lifetime (default 24 hours on the virtual clock, as long as the state service waits for way 1) expires: no decision is taken after that, and the expiry is reported like a decision.',
      kk: 'Өз әрекет ету мерзімі ішінде (әдепкі бойынша виртуалды сағат бойынша 24 сағат — мемлекеттік сервис 1-тәсіл бойынша қанша күтсе, сонша) шешілмеген сұраудың мерзімі өтеді: одан кейін шешім қабылданбайды, ал мерзімнің өтуі шешім сияқты хабарланады.',
      ru: 'Запрос, не решённый за срок действия (по умолчанию 24 часа по виртуальным часам — столько, сколько государственный сервис ждёт по способу 1), истекает: после этого решение не принимается, а истечение сообщается как решение.',
    },
  },
  {
    id: 'T-1414-6',
    clause: 'docs/sms-and-1414.md § The core and its seam',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R7.1',
    title: {
      en: 'The queue is journalled',
      kk: 'Кезек журналға жазылады',
      ru: 'Очередь записывается в журнал',
    },
    text: {
      en: 'Every request put in the queue and every decision or expiry is recorded in the exchange journal (channel "callcenter").',
      kk: 'Кезекке қойылған әр сұрау және әр шешім немесе мерзімнің өтуі алмасу журналына ("callcenter" арнасы) жазылады.',
      ru: 'Каждый запрос, поставленный в очередь, и каждое решение или истечение записываются в журнал обменов (канал "callcenter").',
    },
  },
] as const satisfies readonly Requirement[];

export type CallCenterRequirementId = (typeof CALLCENTER_REQUIREMENTS)[number]['id'];
