import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the SHEP SyncChannel v10 exchange (T-SHEP-N). Checks,
 * tests and reports cite these IDs next to the Rules' own (R12, …). IDs are stable: never renumber.
 *
 * `basis` says where a requirement comes from: 'observed' when it restates what public integrator
 * code shows of the real gateway (REAL-SYSTEMS.md), 'standard' when SOAP 1.1 / WS-I say so,
 * 'profile' when the public record is silent and the project chose.
 */
export const SHEP_REQUIREMENTS = [
  {
    id: 'T-SHEP-1',
    clause: 'REAL-SYSTEMS.md § SHEP envelope (SyncChannel v10); SOAP 1.1 §4',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'SendMessage in a SOAP 1.1 envelope',
      kk: 'SOAP 1.1 конвертіндегі SendMessage',
      ru: 'SendMessage в конверте SOAP 1.1',
    },
    text: {
      en: 'A SyncChannel v10 SendMessage in a SOAP 1.1 envelope, POSTed as text/xml to /{test|prod}/bip-sync-wss-gost/, is answered with SendMessageResponse.',
      kk: 'ЭҮШ-ке /{test|prod}/bip-sync-wss-gost/ мекенжайына text/xml ретінде POST әдісімен жіберілген, SOAP 1.1 конвертіндегі SyncChannel v10 SendMessage хабарламасына SendMessageResponse жауабы беріледі.',
      ru: 'На сообщение SyncChannel v10 SendMessage в конверте SOAP 1.1, отправленное методом POST как text/xml на /{test|prod}/bip-sync-wss-gost/, ШЭП отвечает SendMessageResponse.',
    },
  },
  {
    id: 'T-SHEP-2',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: requestInfo (SyncMessageInfo)',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'requestInfo is complete and valid',
      kk: 'requestInfo толық әрі дұрыс',
      ru: 'requestInfo полон и корректен',
    },
    text: {
      en: 'request (unqualified, xmlns="") carries requestInfo with messageId, serviceId, messageDate (xs:dateTime) and sender/senderId; a missing or invalid field is refused with one sub-error per field.',
      kk: 'request элементі (аттар кеңістігінсіз, xmlns="") messageId, serviceId, messageDate (xs:dateTime) және sender/senderId өрістері бар requestInfo элементін қамтиды; жоқ немесе қате өріс әр өріске бір subError көрсетіліп қабылданбайды.',
      ru: 'Элемент request (без пространства имён, xmlns="") содержит requestInfo с messageId, serviceId, messageDate (xs:dateTime) и sender/senderId; отсутствующее или неверное поле отклоняется с отдельной subError на каждое поле.',
    },
  },
  {
    id: 'T-SHEP-3',
    clause: 'docs/shep.md § Authentication',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R12',
    title: {
      en: 'The sender is authenticated per environment',
      kk: 'Жіберуші әр орта бойынша аутентификацияланады',
      ru: 'Отправитель аутентифицируется по среде',
    },
    text: {
      en: 'The sender is authenticated by sender/senderId and sender/password against the credentials of the environment addressed; an unknown sender or a wrong password is refused.',
      kk: 'Жіберуші sender/senderId және sender/password бойынша өзі жүгінген ортаның тіркелгі деректерімен аутентификацияланады; белгісіз жіберуші немесе қате құпиясөз қабылданбайды.',
      ru: 'Отправитель аутентифицируется по sender/senderId и sender/password по учётным данным той среды, к которой он обращается; неизвестный отправитель или неверный пароль отклоняется.',
    },
  },
  {
    id: 'T-SHEP-4',
    clause: 'docs/shep.md § Duplicate messages (real SHEP: unique (client, messageId) constraint)',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'A messageId is used once',
      kk: 'messageId бір рет қана қолданылады',
      ru: 'messageId используется один раз',
    },
    text: {
      en: 'A messageId is used once per sender and environment; a repeat is refused, the same messageId from another sender is not.',
      kk: 'messageId әр жіберуші мен орта үшін бір рет қана қолданылады; қайталанған хабарлама қабылданбайды, ал басқа жіберушіден келген дәл сондай messageId қабылданады.',
      ru: 'messageId используется один раз для каждого отправителя и среды; повтор отклоняется, а тот же messageId от другого отправителя — нет.',
    },
  },
  {
    id: 'T-SHEP-5',
    clause: 'REAL-SYSTEMS.md § KDP via SHEP',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'Routing by serviceId',
      kk: 'serviceId бойынша бағыттау',
      ru: 'Маршрутизация по serviceId',
    },
    text: {
      en: 'Messages are routed by requestInfo/serviceId; an unknown serviceId is refused.',
      kk: 'Хабарламалар requestInfo/serviceId бойынша бағытталады; белгісіз serviceId қабылданбайды.',
      ru: 'Сообщения маршрутизируются по requestInfo/serviceId; неизвестный serviceId отклоняется.',
    },
  },
  {
    id: 'T-SHEP-6',
    clause: 'SOAP 1.1 §3 (no DTD, no PI); docs/shep.md § Hardened parser',
    basis: 'standard',
    binds: ['platform'],
    title: {
      en: 'Hostile XML is refused before any expansion',
      kk: 'Қауіпті XML кез келген кеңейтуге дейін қабылданбайды',
      ru: 'Опасный XML отклоняется до любого раскрытия',
    },
    text: {
      en: 'Malformed or hostile XML (DTD, entities, processing instructions, excessive depth, size or counts) is refused with a SOAP fault before any expansion, and the gateway keeps answering.',
      kk: 'Бұзылған немесе қауіпті XML (DTD, entity-лер, өңдеу нұсқаулары, шектен тыс тереңдік, өлшем немесе саны) кез келген кеңейтуге дейін SOAP fault арқылы қабылданбайды, ал шлюз жауап беруін жалғастырады.',
      ru: 'Некорректный или враждебный XML (DTD, сущности, инструкции обработки, чрезмерные глубина, размер или количество) отклоняется SOAP fault до любого раскрытия, и шлюз продолжает отвечать.',
    },
  },
  {
    id: 'T-SHEP-7',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: fault ErrorInfo',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'Every refusal is a SOAP fault with ErrorInfo',
      kk: 'Әр бас тарту — ErrorInfo бар SOAP fault',
      ru: 'Каждый отказ — SOAP fault с ErrorInfo',
    },
    text: {
      en: 'Every refusal is a SOAP 1.1 Fault whose detail is SendMessageFault1_SendMessageFault (ErrorInfo: errorCode, errorMessage, errorData?, errorDate, subError*, sessionId).',
      kk: 'Әр бас тарту — detail бөлігінде SendMessageFault1_SendMessageFault (ErrorInfo: errorCode, errorMessage, errorData?, errorDate, subError*, sessionId) бар SOAP 1.1 Fault.',
      ru: 'Каждый отказ — SOAP 1.1 Fault, в detail которого SendMessageFault1_SendMessageFault (ErrorInfo: errorCode, errorMessage, errorData?, errorDate, subError*, sessionId).',
    },
  },
  {
    id: 'T-SHEP-8',
    clause: 'REAL-SYSTEMS.md § SHEP envelope: responseInfo',
    basis: 'observed',
    binds: ['platform'],
    title: {
      en: 'A successful exchange answers SCSS001',
      kk: 'Сәтті алмасу SCSS001 мәртебесімен жауап береді',
      ru: 'Успешный обмен отвечает статусом SCSS001',
    },
    text: {
      en: 'A successful exchange answers status SCSS001 "Message has been processed successfully", responseDate as yyyy-MM-dd\'T\'HH:mm:ss.SSS+05:00 (+06:00 as a profile option) and a sessionId GUID in braces.',
      kk: 'Сәтті алмасуда SCSS001 "Message has been processed successfully" мәртебесі, yyyy-MM-dd\'T\'HH:mm:ss.SSS+05:00 (+06:00 as a profile option) пішіміндегі responseDate және фигуралық жақшадағы GUID түріндегі sessionId қайтарылады.',
      ru: 'Успешный обмен возвращает статус SCSS001 "Message has been processed successfully", responseDate в формате yyyy-MM-dd\'T\'HH:mm:ss.SSS+05:00 (+06:00 as a profile option) и sessionId — GUID в фигурных скобках.',
    },
  },
  {
    id: 'T-SHEP-9',
    clause: 'docs/shep.md § Fault injection',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Latency and fault injection per serviceId',
      kk: 'serviceId бойынша кідіріс пен ақау енгізу',
      ru: 'Внедрение задержек и сбоев по serviceId',
    },
    text: {
      en: "The environment can inject latency and SOAP faults per serviceId into the gateway, to exercise an integrator's resilience.",
      kk: 'Интегратордың тұрақтылығын тексеру үшін орта шлюзге әр serviceId бойынша кідіріс пен SOAP fault енгізе алады.',
      ru: 'Среда может внедрять в шлюз задержки и SOAP fault по каждому serviceId, чтобы проверить устойчивость интегратора.',
    },
  },
  {
    id: 'T-SHEP-10',
    clause: 'docs/shep.md § WSDL',
    basis: 'profile',
    binds: ['platform'],
    title: {
      en: 'The WSDL at ?wsdl',
      kk: '?wsdl мекенжайындағы WSDL',
      ru: 'WSDL по адресу ?wsdl',
    },
    text: {
      en: 'The gateway publishes the SyncChannel v10 WSDL at ?wsdl, with the soap:address of the environment asked.',
      kk: 'Шлюз SyncChannel v10 WSDL құжатын ?wsdl мекенжайында сұралған ортаның soap:address мәнімен жариялайды.',
      ru: 'Шлюз публикует WSDL SyncChannel v10 по адресу ?wsdl с soap:address запрошенной среды.',
    },
  },
  {
    id: 'T-SHEP-11',
    clause: 'docs/shep.md § Journal',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Every exchange is journalled',
      kk: 'Әр алмасу журналға жазылады',
      ru: 'Каждый обмен записывается в журнал',
    },
    text: {
      en: 'Every exchange, refused or not, is recorded in the exchange journal (channel shep) with environment, sender, service, request, response, outcome and duration; passwords are masked.',
      kk: 'Әр алмасу, қабылданбаса да, алмасу журналына (shep арнасы) орта, жіберуші, сервис, сұрау, жауап, нәтиже және ұзақтығымен бірге жазылады; құпиясөздер жасырылады.',
      ru: 'Каждый обмен, отклонённый или нет, записывается в журнал обменов (канал shep) со средой, отправителем, сервисом, запросом, ответом, исходом и длительностью; пароли маскируются.',
    },
  },
] as const satisfies readonly Requirement[];

export type ShepRequirementId = (typeof SHEP_REQUIREMENTS)[number]['id'];
export type ShepRequirement = Requirement<ShepRequirementId>;

export function shepRequirement(id: string): ShepRequirement | undefined {
  return SHEP_REQUIREMENTS.find((r) => r.id === id);
}
