import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on Smart Bridge: where the Rules say what must hold (R4–R12)
 * but not how the platform does it, these IDs name the project's choice (docs/smart-bridge.md) and
 * the tests that check it carry them. IDs are stable: never renumber.
 */
export const SMART_BRIDGE_REQUIREMENTS = [
  {
    id: 'T-SB-1',
    clause: 'docs/smart-bridge.md § API keys',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R4',
    title: {
      en: 'Bearer API keys',
      kk: 'Bearer API кілттері',
      ru: 'API-ключи Bearer',
    },
    text: {
      en: 'Every caller presents a bearer API key issued by the environment, bound to a BIN (organisation) or a reviewer (authorized body); only a digest is stored; a missing, unknown or revoked key answers 401.',
      kk: 'Әр шақырушы орта берген, БСН-ге (ұйымға) немесе қараушыға (уәкілетті органға) байланыстырылған bearer API кілтін ұсынады; тек оның дайджесті сақталады; жоқ, белгісіз немесе кері қайтарылған кілтке 401 жауабы беріледі.',
      ru: 'Каждый вызывающий предъявляет bearer API-ключ, выданный средой и привязанный к БИН (организации) или к рассматривающему (уполномоченному органу); хранится только дайджест; на отсутствующий, неизвестный или отозванный ключ отвечается 401.',
    },
  },
  {
    id: 'T-SB-2',
    clause: 'docs/smart-bridge.md § Roles and authentication',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R4',
    title: {
      en: 'Tenancy and roles',
      kk: 'Ұйымдарды бөлу және рөлдер',
      ru: 'Разделение организаций и роли',
    },
    text: {
      en: "An organisation reaches only its own applications and uploads; another's answer 404 exactly like a missing id; the wrong role answers 403; the authorized body reads all and decides.",
      kk: 'Ұйым тек өз өтінімдері мен жүктемелеріне ғана қол жеткізеді; басқа ұйымның өтінімі жоқ идентификатор сияқты дәл 404 жауабын береді; қате рөлге 403 жауабы беріледі; уәкілетті орган барлығын оқиды және шешім қабылдайды.',
      ru: 'Организация видит только свои заявки и загрузки; чужие отвечают 404 точно так же, как отсутствующий идентификатор; неверная роль получает 403; уполномоченный орган читает всё и принимает решения.',
    },
  },
  {
    id: 'T-SB-3',
    clause: 'docs/smart-bridge.md § API',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R6',
    title: {
      en: 'Refusals in problem+json; schema-first routes',
      kk: 'Бас тартулар problem+json түрінде; схемаға негізделген маршруттар',
      ru: 'Отказы в виде problem+json; маршруты по схеме',
    },
    text: {
      en: 'Every refusal is problem+json with its type, the requirement it enforces and field-level errors; every route is schema-first and published in the OpenAPI document.',
      kk: 'Әр бас тарту — түрі, ол қамтамасыз ететін талап және өрістер бойынша қателері бар problem+json; әр маршрут алдымен схема арқылы анықталған және OpenAPI құжатында жарияланған.',
      ru: 'Каждый отказ — problem+json с типом, требованием, которое он обеспечивает, и ошибками по полям; каждый маршрут определён схемой и опубликован в документе OpenAPI.',
    },
  },
  {
    id: 'T-SB-4',
    clause: 'docs/smart-bridge.md § History',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R4',
    title: {
      en: 'The history of every change',
      kk: 'Әр өзгерістің тарихы',
      ru: 'История каждого изменения',
    },
    text: {
      en: 'Every change of an application is kept in its history (who, when, what, why) in the same transaction as the change; a refused change leaves none.',
      kk: 'Өтінімнің әр өзгерісі сол өзгеріспен бір транзакцияда оның тарихында сақталады (кім, қашан, не, неге); қабылданбаған өзгеріс тарихта із қалдырмайды.',
      ru: 'Каждое изменение заявки сохраняется в её истории (кто, когда, что, почему) в той же транзакции, что и само изменение; отклонённое изменение записи не оставляет.',
    },
  },
  {
    id: 'T-SB-5',
    clause: 'docs/smart-bridge.md § Attachments: tus 1.0; REAL-SYSTEMS.md § Smart Bridge',
    basis: 'observed',
    binds: ['platform'],
    rule: 'R10.1',
    title: {
      en: 'Attachments uploaded by tus 1.0',
      kk: 'Тіркемелер tus 1.0 арқылы жүктеледі',
      ru: 'Вложения загружаются по tus 1.0',
    },
    text: {
      en: 'Attachments are uploaded by tus 1.0 (core, creation, termination): exact offsets (409), size (413) and type (415, content sniffed) limits per kind, Tus-Resumable on every response.',
      kk: 'Тіркемелер tus 1.0 (core, creation, termination) арқылы жүктеледі: дәл ығысулар (409), әр түр бойынша өлшем (413) және тип (415, мазмұны бойынша анықталады) шектеулері, әр жауапта Tus-Resumable тақырыбы.',
      ru: 'Вложения загружаются по tus 1.0 (core, creation, termination): точные смещения (409), ограничения размера (413) и типа (415, по содержимому) для каждого вида, Tus-Resumable в каждом ответе.',
    },
  },
  {
    id: 'T-SB-6',
    clause: "docs/smart-bridge.md § Review deadline and Kazakhstan's calendar (R9)",
    basis: 'profile',
    binds: ['platform'],
    rule: 'R9',
    title: {
      en: "Kazakhstan's calendar of working days",
      kk: 'Қазақстанның жұмыс күндерінің күнтізбесі',
      ru: 'Казахстанский календарь рабочих дней',
    },
    text: {
      en: "Kazakhstan's calendar: fixed holidays, weekend substitution, religious days never moved, Kurban ait and transfers as replaceable yearly data with uncertain entries marked; days in Astana time (UTC+5).",
      kk: 'Қазақстанның күнтізбесі: тұрақты мереке күндері, демалыс күндерін ауыстыру, ешқашан ауыстырылмайтын діни мерекелер, Құрбан айт пен ауыстырулар жыл сайын алмастыруға болатын деректер ретінде, күмәнді жазбалар белгіленеді; күндер Астана уақытымен (UTC+5) есептеледі.',
      ru: 'Календарь Казахстана: фиксированные праздники, перенос выходных, религиозные праздники без переноса, Курбан айт и переносы как заменяемые ежегодные данные с пометкой неточных записей; дни по времени Астаны (UTC+5).',
    },
  },
  {
    id: 'T-SB-7',
    clause: 'docs/smart-bridge.md § What the gateway and the state service are granted',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'Approval narrows, never widens',
      kk: 'Мақұлдау тарылтады, бірақ ешқашан кеңейтпейді',
      ru: 'Одобрение сужает, но не расширяет',
    },
    text: {
      en: 'Approval may narrow what was asked, never widen it; only the approved scope is granted.',
      kk: 'Мақұлдау сұралғанды тарылта алады, бірақ ешқашан кеңейтпейді; тек мақұлданған көлем ғана беріледі.',
      ru: 'Одобрение может сузить запрошенное, но никогда не расширить; предоставляется только одобренный объём.',
    },
  },
  {
    id: 'T-SB-8',
    clause: 'docs/smart-bridge.md § Credentials (R4, R10.1, R10.2, R12)',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R12',
    title: {
      en: 'Credentials issued once per environment',
      kk: 'Тіркелгі деректері әр ортаға бір рет беріледі',
      ru: 'Учётные данные выдаются один раз на среду',
    },
    text: {
      en: 'Credentials are issued once per environment through the SHEP credential registry; the password is shown once and never kept.',
      kk: 'Тіркелгі деректері әр ортаға ЭҮШ тіркелгі деректерінің тізілімі арқылы бір рет беріледі; құпиясөз бір рет көрсетіледі және ешқашан сақталмайды.',
      ru: 'Учётные данные выдаются один раз на среду через реестр учётных данных ШЭП; пароль показывается один раз и никогда не хранится.',
    },
  },
  {
    id: 'T-SB-9',
    clause: 'docs/smart-bridge.md § Evidence of the testing act (R11, R2.8)',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R11',
    title: {
      en: "The testing act's evidence is judged from the records",
      kk: 'Тестілеу актісінің дәлелдері жазбалар бойынша бағаланады',
      ru: 'Доказательства акта тестирования проверяются по записям',
    },
    text: {
      en: "A testing act's evidence is judged from the gateway's exchange journal and the state service's records: a KDP_SERVICE consent approved with an access token bound to the organisation and environment, or a data service's release against one; faults, unfinished consents, tokenless services and other organisations' or unknown messages are refused.",
      kk: 'Тестілеу актісінің дәлелдері шлюздің алмасу журналы мен мемлекеттік сервистің жазбалары бойынша бағаланады: ұйым мен ортаға байланыстырылған қол жеткізу токенімен мақұлданған KDP_SERVICE келісімі немесе сондай токен бойынша деректер сервисінің деректерді беруі; fault-тар, аяқталмаған келісімдер, токенсіз сервистер, басқа ұйымдардың немесе белгісіз хабарламалар қабылданбайды.',
      ru: 'Доказательства акта тестирования проверяются по журналу обменов шлюза и записям государственного сервиса: согласие KDP_SERVICE, одобренное с токеном доступа, привязанным к организации и среде, или выдача данных сервисом данных по такому токену; сбои, незавершённые согласия, сервисы без токена, сообщения других организаций или неизвестные сообщения отклоняются.',
    },
  },
  {
    id: 'T-SB-10',
    clause: 'docs/smart-bridge.md § The fixture organisations: onboarded at seed',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R4',
    title: {
      en: 'Fixture organisations onboarded at seed',
      kk: 'Фикстура ұйымдары бастапқы толтыру кезінде қосылады',
      ru: 'Организации фикстур подключаются при засеве',
    },
    text: {
      en: "The environment onboards its fixture organisations through the platform's own core at seed (the fixtures' credentials given, the act's evidence waived and said so) and issues API keys derived from the seed; one organisation is left to be onboarded by hand.",
      kk: 'Орта өзінің фикстура ұйымдарын бастапқы толтыру (seed) кезінде платформаның өз ядросы арқылы қосады (фикстуралардың тіркелгі деректері беріледі, актінің дәлелдерінен босату ашық көрсетіледі) және seed-тен алынған API кілттерін береді; бір ұйым қолмен қосу үшін қалдырылады.',
      ru: 'Среда подключает свои организации фикстур при засеве через собственное ядро платформы (учётные данные фикстур заданы, освобождение от доказательств акта указано явно) и выдаёт API-ключи, выведенные из seed; одна организация оставлена для подключения вручную.',
    },
  },
] as const satisfies readonly Requirement[];

export type SmartBridgeRequirementId = (typeof SMART_BRIDGE_REQUIREMENTS)[number]['id'];
