import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the initiator's system (T-INIT-N): what the conformance
 * harness checks of a system under test beyond the Rules' own words. Written in the full shape
 * (titles and texts in kk, ru, en; binds the integrator). IDs are stable: never renumber.
 * docs/harness.md lists which checks prove each one.
 */
export const INITIATOR_REQUIREMENTS = [
  {
    id: 'T-INIT-1',
    clause: 'docs/harness.md § Exchange checks; SOAP 1.1 §4; REAL-SYSTEMS.md § SHEP envelope',
    rule: 'R11',
    basis: 'standard',
    binds: ['integrator'],
    title: {
      kk: 'SOAP 1.1 конверті және аттар кеңістіктері',
      ru: 'Конверт SOAP 1.1 и пространства имён',
      en: 'SOAP 1.1 envelope and namespaces',
    },
    text: {
      kk: 'Әр хабарлама SOAP 1.1 Envelope/Body ішінде SyncChannel v10 SendMessage элементін (http://bip.bee.kz/SyncChannel/v10/Types) дәл бір рет ұстайды; request және оның балалары аттар кеңістігінсіз.',
      ru: 'Каждое сообщение — SOAP 1.1 Envelope/Body ровно с одним SendMessage SyncChannel v10 (http://bip.bee.kz/SyncChannel/v10/Types); request и его дочерние элементы без пространства имён.',
      en: 'Every message is a SOAP 1.1 Envelope/Body holding exactly one SyncChannel v10 SendMessage (http://bip.bee.kz/SyncChannel/v10/Types); request and its children are unqualified.',
    },
  },
  {
    id: 'T-INIT-2',
    clause: 'docs/harness.md § Schema compliance; the WSDL at ?wsdl (docs/shep.md § WSDL)',
    rule: 'R11',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Хабарлама WSDL схемасына сәйкес',
      ru: 'Сообщение соответствует схеме WSDL',
      en: 'The message is valid against the WSDL schema',
    },
    text: {
      kk: 'SendMessage денесі шлюз WSDL-індегі схемаға сәйкес: элементтер реті, міндетті өрістер, қайталану саны, xs:dateTime түрі; getUserDataRequest деректері КДП профилінің өрістерін ғана ұстайды.',
      ru: 'Тело SendMessage соответствует схеме WSDL шлюза: порядок элементов, обязательные поля, число повторений, тип xs:dateTime; данные getUserDataRequest содержат только поля профиля КДП.',
      en: "The SendMessage body is valid against the gateway WSDL's schema: element order, required fields, occurrences, xs:dateTime; getUserDataRequest data holds only the KDP profile's fields.",
    },
  },
  {
    id: 'T-INIT-3',
    clause: 'docs/harness.md § Exchange checks; docs/shep.md § Duplicate messages',
    rule: 'R11',
    basis: 'observed',
    binds: ['integrator'],
    title: {
      kk: 'messageId жіберуші бойынша бірегей',
      ru: 'messageId уникален для отправителя',
      en: 'messageId unique per sender',
    },
    text: {
      kk: 'Жіберуші әр хабарламаға, қайталап жіберуді қоса, жаңа messageId береді.',
      ru: 'Отправитель даёт каждому сообщению, включая повторные попытки, новый messageId.',
      en: 'The sender gives every message, retries included, a new messageId.',
    },
  },
  {
    id: 'T-INIT-4',
    clause: 'docs/harness.md § Exchange checks; REAL-SYSTEMS.md § dates',
    rule: 'R11',
    basis: 'observed',
    binds: ['integrator'],
    title: {
      kk: 'messageDate пішімі, Қазақстан белдеуі және уақыт ауытқуы',
      ru: 'messageDate: формат, смещение Казахстана, расхождение часов',
      en: "messageDate's form, Kazakhstan offset and skew",
    },
    text: {
      kk: 'messageDate — уақыт белдеуі бар xs:dateTime, Қазақстан уақытымен (+05:00, ескі код үшін +06:00), шлюз сағатынан 120 секундтан артық ауытқымайды.',
      ru: 'messageDate — xs:dateTime со смещением, по времени Казахстана (+05:00, у старого кода +06:00), не дальше 120 секунд от часов шлюза.',
      en: "messageDate is an xs:dateTime with an offset, in Kazakhstan time (+05:00, or +06:00 as older code writes it), within 120 seconds of the gateway's clock.",
    },
  },
  {
    id: 'T-INIT-5',
    clause: 'docs/kdp.md § How the initiator learns the outcome (T-KDP-3)',
    rule: 'R7.0',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Нәтижені сұрағанда correlationId',
      ru: 'correlationId при опросе результата',
      en: 'correlationId when asking for an outcome',
    },
    text: {
      kk: 'PENDING күйіндегі сұраудың нәтижесін сұраған хабарлама requestInfo/correlationId (немесе <requestId>) ішінде сол requestId-ді атайды және бастапқы uin мен access_name-ді қайталайды.',
      ru: 'Сообщение, спрашивающее результат запроса в PENDING, называет его requestId в requestInfo/correlationId (или <requestId>) и повторяет исходные uin и access_name.',
      en: "A message asking for the outcome of a PENDING request names its requestId in requestInfo/correlationId (or <requestId>) and repeats the original's uin and access_name.",
    },
  },
  {
    id: 'T-INIT-6',
    clause: 'docs/harness.md § Exchange checks; docs/shep.md § Content type',
    rule: 'R11',
    basis: 'standard',
    binds: ['integrator'],
    title: {
      kk: 'Мазмұн түрі және UTF-8 кодтауы',
      ru: 'Тип содержимого и кодировка UTF-8',
      en: 'Content type and UTF-8 encoding',
    },
    text: {
      kk: 'Хабарлама text/xml түрінде UTF-8 кодтауымен жіберіледі; кириллица мәтіні бұзылмайды.',
      ru: 'Сообщение отправляется как text/xml в UTF-8; кириллица не искажается.',
      en: 'The message travels as text/xml in UTF-8; Cyrillic text arrives intact.',
    },
  },
  {
    id: 'T-INIT-7',
    clause: 'Rules clause 12; docs/harness.md § Exchange checks',
    rule: 'R12',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Әр ортаның өз тіркелгі деректері',
      ru: 'Учётные данные своей среды',
      en: "Each environment's own credential",
    },
    text: {
      kk: 'Жүйе тестілік ортаға тек тестілік, өнеркәсіптік ортаға тек өнеркәсіптік жіберуші деректерімен жүгінеді.',
      ru: 'Система обращается к тестовой среде только с тестовыми, к промышленной — только с промышленными учётными данными отправителя.',
      en: 'The system addresses the test environment only with the test sender credential and production only with the production one.',
    },
  },
  {
    id: 'T-INIT-8',
    clause: 'docs/kdp.md § KDP_SERVICE (T-KDP-1)',
    rule: 'R7.0',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'KDP_SERVICE өрістері дұрыс',
      ru: 'Поля KDP_SERVICE корректны',
      en: 'KDP_SERVICE fields are right',
    },
    text: {
      kk: 'uin — жарамды ЖСН; company_bin — ұйымның өз БСН-і; access_name — мақұлданған деректер сервисі; personal_data_name субъектіге мағыналы; expiresIn профиль шектерінде.',
      ru: 'uin — действительный ИИН; company_bin — собственный БИН организации; access_name — одобренный сервис данных; personal_data_name понятен субъекту; expiresIn в пределах профиля.',
      en: "uin is a valid IIN; company_bin is the organisation's own BIN; access_name an approved data service; personal_data_name meaningful to the subject; expiresIn within the profile's bounds.",
    },
  },
  {
    id: 'T-INIT-9',
    clause: 'docs/harness.md § Polling',
    rule: 'R7.0',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Сұрау аралығы өседі және соңғы күйде тоқтайды',
      ru: 'Опрос с нарастающим интервалом и остановкой на итоговом статусе',
      en: 'Polling backs off and stops at a final state',
    },
    text: {
      kk: 'Күтудегі сұрауды жүйе кемінде 200 мс аралықпен сұрайды, бір секундқа дейінгі аралықты қысқартпайды және APPROVED, DECLINED, EXPIRED немесе LOCKED алғаннан кейін сұрауды тоқтатады.',
      ru: 'Ожидающий запрос система опрашивает с интервалом не менее 200 мс, не сокращая интервал короче секунды, и прекращает опрос после APPROVED, DECLINED, EXPIRED или LOCKED.',
      en: 'The system polls a waiting request at least 200 ms apart, never shortening an interval below one second, and stops after APPROVED, DECLINED, EXPIRED or LOCKED.',
    },
  },
  {
    id: 'T-INIT-10',
    clause: 'docs/harness.md § Consent ways',
    rule: 'R7.0',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Жүйе нәтижені пайдаланушыға көрсетеді',
      ru: 'Система показывает пользователю исход',
      en: 'The system reports the outcome to its user',
    },
    text: {
      kk: 'Келісім берілді, бас тартылды, мерзімі өтті, бұғатталды немесе сұрау қабылданбады — жүйе пайдаланушыға дәл осы нәтижені (және қате кодын) көрсетеді.',
      ru: 'Согласие дано, отказано, истёк срок, заблокировано или запрос отклонён — система показывает пользователю именно этот исход (и код ошибки).',
      en: 'Granted, declined, expired, locked or refused: the system shows its user that very outcome (and the error code).',
    },
  },
  {
    id: 'T-INIT-11',
    clause: 'Rules clause 3; docs/kdp.md § Data services (T-KDP-9)',
    rule: 'R3',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Деректер сервисіне тек берілген токенмен',
      ru: 'К сервису данных только с выданным токеном',
      en: 'A data service only with a granted token',
    },
    text: {
      kk: 'Жүйе деректер сервисіне тек берілген, мерзімі өтпеген, кері қайтарылмаған кіру токенімен, тек сол субъект пен сол сервис үшін жүгінеді; бас тарту алғаннан кейін сол токенмен қайталамайды.',
      ru: 'Система обращается к сервису данных только с выданным, не истёкшим и не отозванным токеном доступа, только для его субъекта и его сервиса; после отказа не повторяет с тем же токеном.',
      en: 'The system calls a data service only with a granted, unexpired, unrevoked access token, for its subject and its data service only; after a refusal it does not retry with that token.',
    },
  },
  {
    id: 'T-INIT-12',
    clause: 'docs/kdp.md § Data services',
    rule: 'R3',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'kdpToken және publicKey өзгеріссіз',
      ru: 'kdpToken и publicKey без изменений',
      en: 'kdpToken and publicKey passed unchanged',
    },
    text: {
      kk: 'Деректер сервисіне kdpToken ретінде code, publicKey ретінде public-key КДП бергендей өзгеріссіз беріледі.',
      ru: 'В сервис данных code передаётся как kdpToken, а public-key как publicKey ровно в том виде, в каком их выдал КДП.',
      en: 'code goes to the data service as kdpToken and public-key as publicKey exactly as the state service issued them.',
    },
  },
  {
    id: 'T-INIT-13',
    clause: 'Rules clauses 2.8, 7.2, 10.2; docs/kdp.md § The security token ovt (T-KDP-8)',
    rule: 'R2.8',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'ovt қауіпсіздік токені: бірегей, қол қойылған, қысқа, байланған',
      ru: 'Токен безопасности ovt: уникален, подписан, краткосрочен, привязан',
      en: 'The ovt security token: unique, signed, short, bound',
    },
    text: {
      kk: 'ovt — тіркелген кілтпен RS256 немесе ES256 қол қойылған JWT; cbin, mcheck, iat, exp, jti, aud, sub, access_name сұрауға сәйкес; өмір сүру уақыты 600 секундтан аспайды; jti қайталанбайды.',
      ru: 'ovt — JWT, подписанный зарегистрированным ключом (RS256 или ES256); cbin, mcheck, iat, exp, jti, aud, sub, access_name соответствуют запросу; срок жизни не более 600 секунд; jti не повторяется.',
      en: 'ovt is a JWT signed RS256 or ES256 by the registered key; cbin, mcheck, iat, exp, jti, aud, sub and access_name match the request; it lives at most 600 seconds; its jti never repeats.',
    },
  },
  {
    id: 'T-INIT-14',
    clause: 'docs/harness.md § Resilience',
    rule: 'R11',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Уақытша ақау жаңа messageId-мен қайталанады',
      ru: 'Временный сбой повторяется с новым messageId',
      en: 'A transient fault is retried with a new messageId',
    },
    text: {
      kk: 'faultcode Server ақауынан кейін жүйе хабарламаны жаңа messageId-мен, шектеулі рет (ең көбі 5) қайталайды.',
      ru: 'После отказа с faultcode Server система повторяет сообщение с новым messageId, ограниченное число раз (не более 5).',
      en: 'After a fault with faultcode Server the system repeats the message with a new messageId, a bounded number of times (at most 5).',
    },
  },
  {
    id: 'T-INIT-15',
    clause: 'docs/harness.md § Resilience',
    rule: 'R11',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Бас тарту қайталанбайды және кодымен хабарланады',
      ru: 'Отказ не повторяется и сообщается с кодом',
      en: 'A refusal is not retried and is reported with its code',
    },
    text: {
      kk: 'faultcode Client бас тартуынан кейін (қате өріс, тіркелгі деректері) жүйе сол хабарламаны қайталамайды және пайдаланушыға қате кодын көрсетеді.',
      ru: 'После отказа с faultcode Client (неверное поле, учётные данные) система не повторяет сообщение и показывает пользователю код ошибки.',
      en: 'After a fault with faultcode Client (a bad field, a bad credential) the system does not repeat the message and shows its user the error code.',
    },
  },
  {
    id: 'T-INIT-16',
    clause: 'Rules clause 7.4; docs/kdp.md § Way 4 (T-KDP-15)',
    rule: 'R7.4',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Хабарлама режимі тек мақұлданған 9-бап негізімен',
      ru: 'Режим уведомления только с одобренным основанием статьи 9',
      en: 'Notification only on an approved Article 9 ground',
    },
    text: {
      kk: 'notification тәсіліндегі әр сұрау өтінімде мақұлданған 9-бап негізін атайды; басқа тәсілдер негіз жібермейді.',
      ru: 'Каждый запрос способом notification называет основание статьи 9, одобренное в заявке; другие способы основание не передают.',
      en: 'Every request by way notification names an Article 9 ground approved in the application; other ways send none.',
    },
  },
  {
    id: 'T-INIT-17',
    clause: 'docs/kdp.md § Revocation (T-KDP-11); docs/harness.md § Tokens',
    rule: 'R3',
    basis: 'profile',
    binds: ['integrator'],
    title: {
      kk: 'Келісімді кері қайтарып алу туралы өтінішті жүйе шешеді',
      ru: 'Система решает запросы субъекта на отзыв согласия',
      en: "The system decides the subject's revocation requests",
    },
    text: {
      kk: 'Кері қайтарып алуды қолдайтын жүйе KDP_LIST_TO_REVOKE тізімін оқиды, өз токендері бойынша күтіп тұрған әр өтінішке KDP_SEND_SOLUTION арқылы жауап береді (ACCEPT, немесе заңды міндет қол жеткізуді сақтауды талап етсе — себебімен REJECT) және қабылданған өтініштің токенін бұдан былай пайдаланбайды.',
      ru: 'Система, поддерживающая отзыв, читает список KDP_LIST_TO_REVOKE, отвечает на каждый ожидающий запрос по своим токенам через KDP_SEND_SOLUTION (ACCEPT или, если правовая обязанность требует сохранить доступ, REJECT с причиной) и больше не использует токен, отзыв которого приняла.',
      en: 'A system that supports revocation reads KDP_LIST_TO_REVOKE, answers every pending request for its tokens with KDP_SEND_SOLUTION (ACCEPT, or REJECT with the reason where a legal obligation requires keeping the access), and no longer uses a token whose revocation it accepted.',
    },
  },
] as const satisfies readonly Requirement[];
