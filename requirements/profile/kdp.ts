import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the state service (KDP) and the data services behind
 * SHEP. The Rules say what must hold (R2.8, R3, R7.x, R10.2); where the public record is silent
 * (docs/kdp.md, "Profile choices") these IDs name the choice the mock makes and the suites check.
 * IDs are stable: never renumber.
 */
export const KDP_REQUIREMENTS = [
  {
    id: 'T-KDP-1',
    clause: 'docs/kdp.md § KDP_SERVICE; § Error codes',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'getUserDataRequest is validated field by field',
      kk: 'getUserDataRequest өріс бойынша тексеріледі',
      ru: 'getUserDataRequest проверяется по полям',
    },
    text: {
      en: "Every field of getUserDataRequest is validated (uin by the IIN validator, company_bin by the BIN validator and equal to the sender's BIN, access_name granted to the organisation, expiresIn in range); a refusal is a SOAP fault with a documented KDP-nnn code.",
      kk: 'getUserDataRequest сұрауының әр өрісі тексеріледі (uin — ЖСН валидаторымен, company_bin — БСН валидаторымен және жіберуші ұйымның БСН-іне тең болуы, access_name — ұйымға рұқсат етілген болуы, expiresIn — рұқсат етілген шекте болуы); бас тарту құжатталған KDP-nnn коды бар SOAP fault түрінде беріледі.',
      ru: 'Каждое поле getUserDataRequest проверяется (uin — валидатором ИИН, company_bin — валидатором БИН и на равенство БИН организации-отправителя, access_name — на разрешение организации, expiresIn — на допустимые пределы); отказ — SOAP fault с документированным кодом KDP-nnn.',
    },
  },
  {
    id: 'T-KDP-2',
    clause: 'docs/kdp.md § How a request names its way',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'How a request names its way',
      kk: 'Сұрау өз тәсілін қалай көрсетеді',
      ru: 'Как запрос указывает свой способ',
    },
    text: {
      en: 'A request names its way in the requestInfo property "consentWay" or the data element <consentWay>; omit-sms=true selects own means; without either the way is sms; an unknown, ungranted or contradictory way is refused.',
      kk: 'Сұрау өз тәсілін requestInfo ішіндегі "consentWay" қасиетінде немесе <consentWay> деректер элементінде көрсетеді; omit-sms=true өз құралдарын таңдайды; екеуі де болмаса, тәсіл — sms; белгісіз, рұқсат етілмеген немесе қайшы тәсіл қабылданбайды.',
      ru: 'Запрос указывает свой способ в свойстве requestInfo "consentWay" или в элементе данных <consentWay>; omit-sms=true выбирает собственные средства; без того и другого способ — sms; неизвестный, не разрешённый или противоречивый способ отклоняется.',
    },
  },
  {
    id: 'T-KDP-3',
    clause: 'docs/kdp.md § How the initiator learns the outcome',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'A pending request and its outcome',
      kk: 'Күтудегі сұрау және оның нәтижесі',
      ru: 'Ожидающий запрос и его исход',
    },
    text: {
      en: 'A request that waits for the subject answers status PENDING with a <requestId>; repeating the request with requestInfo/correlationId (or <requestId>) equal to it answers the current status, and code and public-key once APPROVED. In "wait" mode the first answer is held until decided or a limit.',
      kk: 'Субъектіні күтетін сұрауға <requestId> бар PENDING мәртебесімен жауап беріледі; requestInfo/correlationId (немесе <requestId>) соған тең қайталанған сұрауға ағымдағы мәртебе, ал APPROVED болғаннан кейін code және public-key қайтарылады. "wait" режимінде алғашқы жауап шешім қабылданғанша немесе шекке жеткенше ұсталады.',
      ru: 'На запрос, ожидающий субъекта, отвечается статус PENDING с <requestId>; повтор запроса с requestInfo/correlationId (или <requestId>), равным ему, возвращает текущий статус, а после APPROVED — code и public-key. В режиме "wait" первый ответ удерживается до решения или до предела.',
    },
  },
  {
    id: 'T-KDP-4',
    clause: 'docs/kdp.md § The access token',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R2.8',
    title: {
      en: 'The access token is an ES256 JWT',
      kk: 'Қол жеткізу токені — ES256 JWT',
      ru: 'Токен доступа — JWT ES256',
    },
    text: {
      en: "An access token (code) is an ES256 JWT of type kdp-access+jwt signed by the state service's own key of that environment, with iss, sub (IIN), aud (access_name), cbin (initiator BIN), env, way, rid, jti, iat, nbf and exp; public-key is that key as PEM SPKI.",
      kk: 'Қол жеткізу токені (code) — мемлекеттік сервистің сол ортаға арналған өз кілтімен қол қойылған, kdp-access+jwt типті ES256 JWT; онда iss, sub (ЖСН), aud (access_name), cbin (бастамашының БСН-і), env, way, rid, jti, iat, nbf және exp бар; public-key — сол кілттің PEM SPKI түріндегі ашық бөлігі.',
      ru: 'Токен доступа (code) — JWT ES256 типа kdp-access+jwt, подписанный собственным ключом государственного сервиса для этой среды, с iss, sub (ИИН), aud (access_name), cbin (БИН инициатора), env, way, rid, jti, iat, nbf и exp; public-key — этот ключ в виде PEM SPKI.',
    },
  },
  {
    id: 'T-KDP-5',
    clause: 'docs/kdp.md § The access token (lifetime)',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R2.8',
    title: {
      en: 'expiresIn: its unit and bounds',
      kk: 'expiresIn: өлшем бірлігі мен шектері',
      ru: 'expiresIn: единица и пределы',
    },
    text: {
      en: 'expiresIn is read in seconds (configurable: ms), bounded by a minimum and a maximum; absent, a default lifetime applies.',
      kk: 'expiresIn секундпен оқылады (баптауға болады: ms), ең аз және ең көп мәнмен шектеледі; ол болмаса, әдепкі әрекет ету мерзімі қолданылады.',
      ru: 'expiresIn читается в секундах (настраивается: ms), ограничен минимумом и максимумом; при его отсутствии применяется срок действия по умолчанию.',
    },
  },
  {
    id: 'T-KDP-6',
    clause: 'docs/kdp.md § The access token (keys)',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R2.8',
    title: {
      en: 'Keys and records survive a restart',
      kk: 'Кілттер мен жазбалар қайта іске қосылғаннан кейін сақталады',
      ru: 'Ключи и записи сохраняются после перезапуска',
    },
    text: {
      en: "The state service's signing keys, consents, tokens and history are kept in the Store and survive a restart.",
      kk: 'Мемлекеттік сервистің қол қою кілттері, келісімдер, токендер және тарих Store қоймасында сақталады және қайта іске қосылғаннан кейін жойылмайды.',
      ru: 'Ключи подписи государственного сервиса, согласия, токены и история хранятся в Store и сохраняются после перезапуска.',
    },
  },
  {
    id: 'T-KDP-7',
    clause: 'docs/kdp.md § The access token (record)',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R3',
    title: {
      en: 'Every token event is recorded',
      kk: 'Токенмен болған әр оқиға тіркеледі',
      ru: 'Каждое событие токена фиксируется',
    },
    text: {
      en: 'Every token issue, use, refusal and revocation is recorded (Store and exchange journal, channel "kdp").',
      kk: 'Токенді әр беру, пайдалану, одан бас тарту және кері қайтарып алу тіркеледі (Store және алмасу журналы, "kdp" арнасы).',
      ru: 'Каждая выдача, использование, отказ и отзыв токена фиксируются (Store и журнал обменов, канал "kdp").',
    },
  },
  {
    id: 'T-KDP-8',
    clause: 'docs/kdp.md § The security token ovt',
    basis: 'profile',
    binds: ['integrator', 'platform'],
    rule: 'R10.2',
    title: {
      en: "The initiator's security token ovt",
      kk: 'Бастамашының ovt қауіпсіздік токені',
      ru: 'Токен безопасности инициатора ovt',
    },
    text: {
      en: 'The security token ovt is a JWT signed (RS256 or ES256) by a key registered for the organisation, with cbin, mcheck, iat, exp, jti, aud, sub and access_name, a lifetime of at most 10 minutes; forged, expired, replayed or mis-bound tokens, alg none and HMAC with a public key are refused.',
      kk: 'ovt қауіпсіздік токені — ұйымға тіркелген кілтпен (RS256 немесе ES256) қол қойылған JWT; онда cbin, mcheck, iat, exp, jti, aud, sub және access_name бар, әрекет ету мерзімі 10 минуттан аспайды; жалған, мерзімі өткен, қайта ұсынылған немесе қате байланыстырылған токендер, alg none және ашық кілтпен HMAC қабылданбайды.',
      ru: 'Токен безопасности ovt — JWT, подписанный (RS256 или ES256) ключом, зарегистрированным для организации, с cbin, mcheck, iat, exp, jti, aud, sub и access_name и сроком действия не более 10 минут; поддельные, просроченные, повторно предъявленные или неверно привязанные токены, alg none и HMAC с открытым ключом отклоняются.',
    },
  },
  {
    id: 'T-KDP-9',
    clause: 'docs/kdp.md § Data services',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R3',
    title: {
      en: "A data service trusts only the state service's key",
      kk: 'Деректер сервисі тек мемлекеттік сервистің кілтіне сенеді',
      ru: 'Сервис данных доверяет только ключу государственного сервиса',
    },
    text: {
      en: "A data service verifies the token with the state service's own key only (never the publicKey the request supplies, which must equal the state service's key) and releases data only if the token is bound to that subject, initiator, service and environment, unexpired and unrevoked.",
      kk: 'Деректер сервисі токенді тек мемлекеттік сервистің өз кілтімен тексереді (сұраудағы publicKey мәніне ешқашан сенбейді, ол мемлекеттік сервистің кілтіне тең болуы тиіс) және деректерді токен сол субъектіге, бастамашыға, сервиске және ортаға байланыстырылған, мерзімі өтпеген және кері қайтарылмаған жағдайда ғана береді.',
      ru: 'Сервис данных проверяет токен только собственным ключом государственного сервиса (никогда не publicKey из запроса, который должен совпадать с ключом государственного сервиса) и выдаёт данные, только если токен привязан к этому субъекту, инициатору, сервису и среде, не истёк и не отозван.',
    },
  },
  {
    id: 'T-KDP-10',
    clause: 'docs/kdp.md § KDP_PERSONALDATA',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.4',
    title: {
      en: "The subject's access history",
      kk: 'Субъектінің қол жеткізу тарихы',
      ru: 'История доступа к данным субъекта',
    },
    text: {
      en: "KDP_PERSONALDATA answers the subject's access history in a date range: who, when, what, which way, which ground.",
      kk: 'KDP_PERSONALDATA субъектінің көрсетілген күндер аралығындағы қол жеткізу тарихын қайтарады: кім, қашан, не, қай тәсілмен, қандай негізбен.',
      ru: 'KDP_PERSONALDATA возвращает историю доступа к данным субъекта за период: кто, когда, что, каким способом, на каком основании.',
    },
  },
  {
    id: 'T-KDP-11',
    clause: 'docs/kdp.md § Revocation',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'Revoking a consent',
      kk: 'Келісімді кері қайтарып алу',
      ru: 'Отзыв согласия',
    },
    text: {
      en: 'A subject asks to revoke a consent by SMS (ОТОЗВАТЬ/КЕРІ/REVOKE and the reference from the approval SMS) or through the environment API; the request is listed to the initiator by KDP_LIST_TO_REVOKE; an ACCEPT sent by KDP_SEND_SOLUTION stops the token at once.',
      kk: 'Субъект келісімді SMS арқылы (ОТОЗВАТЬ/КЕРІ/REVOKE және мақұлдау SMS-індегі сілтеме) немесе орта API-і арқылы кері қайтарып алуды сұрайды; сұрау бастамашыға KDP_LIST_TO_REVOKE арқылы көрсетіледі; KDP_SEND_SOLUTION арқылы жіберілген ACCEPT токенді бірден тоқтатады.',
      ru: 'Субъект просит отозвать согласие по SMS (ОТОЗВАТЬ/КЕРІ/REVOKE и ссылка из SMS об одобрении) или через API среды; запрос показывается инициатору в KDP_LIST_TO_REVOKE; ACCEPT, отправленный через KDP_SEND_SOLUTION, немедленно останавливает токен.',
    },
  },
  {
    id: 'T-KDP-12',
    clause: 'docs/kdp.md § Way 5 — SMS through Mobile government',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'Way sms, step by step',
      kk: 'sms тәсілі қадам бойынша',
      ru: 'Способ sms по шагам',
    },
    text: {
      en: 'Way sms: the subject gets an SMS naming the requester and the data with a one-time code; answering the code approves; НЕТ/ЖОҚ declines; a wrong, expired, exhausted or reused code never approves.',
      kk: 'sms тәсілі: субъект сұрау салушы мен деректерді атайтын, бір реттік коды бар SMS алады; кодпен жауап беру мақұлдайды; НЕТ/ЖОҚ бас тартады; қате, мерзімі өткен, әрекеттері таусылған немесе қайта қолданылған код ешқашан мақұлдамайды.',
      ru: 'Способ sms: субъект получает SMS с названием запрашивающего и данных и одноразовым кодом; ответ кодом одобряет; НЕТ/ЖОҚ отклоняет; неверный, просроченный, исчерпанный или повторный код никогда не одобряет.',
    },
  },
  {
    id: 'T-KDP-13',
    clause: 'docs/kdp.md § Way 1 — the 1414 contact center',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.1',
    title: {
      en: 'Way 1414, step by step',
      kk: '1414 тәсілі қадам бойынша',
      ru: 'Способ 1414 по шагам',
    },
    text: {
      en: "Way 1414: the request waits in the contact-center queue for at most 24 hours (configurable); the operator's confirmation approves and refusal declines.",
      kk: '1414 тәсілі: сұрау байланыс орталығының кезегінде ең көбі 24 сағат (баптауға болады) күтеді; оператордың растауы мақұлдайды, ал бас тартуы қабылдамайды.',
      ru: 'Способ 1414: запрос ждёт в очереди контакт-центра не более 24 часов (настраивается); подтверждение оператора одобряет, отказ отклоняет.',
    },
  },
  {
    id: 'T-KDP-14',
    clause: 'docs/kdp.md § Way 3 — proactive service',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.3',
    title: {
      en: 'Way proactive, step by step',
      kk: 'Проактивті тәсіл қадам бойынша',
      ru: 'Проактивный способ по шагам',
    },
    text: {
      en: 'Way proactive: the subject gets an offer by SMS; ИӘ/ДА accepts, ЖОҚ/НЕТ declines (an answer to the offer SMS goes to that offer); the offer stands for 24 hours (configurable).',
      kk: 'Проактивті тәсіл: субъект SMS арқылы ұсыныс алады; ИӘ/ДА қабылдайды, ЖОҚ/НЕТ бас тартады (ұсыныс SMS-іне берілген жауап сол ұсынысқа жатады); ұсыныс 24 сағат (баптауға болады) күшінде болады.',
      ru: 'Проактивный способ: субъект получает предложение по SMS; ИӘ/ДА принимает, ЖОҚ/НЕТ отклоняет (ответ на SMS с предложением относится к этому предложению); предложение действует 24 часа (настраивается).',
    },
  },
  {
    id: 'T-KDP-15',
    clause: 'docs/kdp.md § Way 4 — notification',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.4',
    title: {
      en: 'Way notification, step by step',
      kk: 'Хабардар ету тәсілі қадам бойынша',
      ru: 'Способ уведомления по шагам',
    },
    text: {
      en: 'Way notification: the request names its Article 9 ground in the property or element "article9Ground"; no consent is asked, the subject is notified by SMS and the access is recorded with its ground.',
      kk: 'Хабардар ету тәсілі: сұрау Заңның 9-бабы бойынша негізін "article9Ground" қасиетінде немесе элементінде көрсетеді; келісім сұралмайды, субъект SMS арқылы хабардар етіледі, қол жеткізу оның негізімен бірге тіркеледі.',
      ru: 'Способ уведомления: запрос указывает своё основание по статье 9 Закона в свойстве или элементе "article9Ground"; согласие не запрашивается, субъект уведомляется по SMS, доступ фиксируется вместе с основанием.',
    },
  },
  {
    id: 'T-KDP-16',
    clause: 'docs/kdp.md § Status values',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'Status values',
      kk: 'Мәртебе мәндері',
      ru: 'Значения статуса',
    },
    text: {
      en: 'Status values are PENDING, APPROVED, DECLINED, EXPIRED and LOCKED (attempt limit reached).',
      kk: 'Мәртебе мәндері: PENDING, APPROVED, DECLINED, EXPIRED және LOCKED (әрекеттер шегіне жетті).',
      ru: 'Значения статуса: PENDING, APPROVED, DECLINED, EXPIRED и LOCKED (достигнут предел попыток).',
    },
  },
  {
    id: 'T-KDP-17',
    clause: 'docs/kdp.md § In-process (msw)',
    basis: 'profile',
    binds: ['harness'],
    rule: 'R11',
    title: {
      en: 'In-process use through msw',
      kk: 'msw арқылы процесс ішінде қолдану',
      ru: 'Использование внутри процесса через msw',
    },
    text: {
      en: 'In-process use: msw handlers answer both SHEP endpoints and every JSON API of the environment under any base URL, through the same routes and cores as the networked server.',
      kk: 'Процесс ішінде қолдану: msw өңдеушілері ЭҮШ-тің екі нүктесіне де және ортаның әрбір JSON API-іне кез келген базалық URL бойынша желілік сервердегідей маршруттар мен ядролар арқылы жауап береді.',
      ru: 'Использование внутри процесса: обработчики msw отвечают на обе точки ШЭП и на каждый JSON API среды под любым базовым URL через те же маршруты и ядра, что и сетевой сервер.',
    },
  },
  {
    id: 'T-KDP-18',
    clause: 'docs/kdp.md § Profile choices',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.5',
    title: {
      en: 'Per-subject limits on consent requests',
      kk: 'Бір субъектіге келісім сұрауларының шектері',
      ru: 'Ограничения запросов согласия на одного субъекта',
    },
    text: {
      en: 'At most subjectLimits.openRequests consent requests wait for one subject at once (KDP-117) and at most subjectLimits.smsPerMinute reach the subject in a minute (KDP-118), so that opening many requests neither floods a phone nor multiplies the attempt limit of the one-time code.',
      kk: 'Бір субъектіні бір мезгілде ең көбі subjectLimits.openRequests келісім сұрауы күте алады (KDP-117) және бір минутта субъектіге ең көбі subjectLimits.smsPerMinute сұрау жетеді (KDP-118): көп сұрау ашу телефонды толтырмайды және бір реттік кодтың әрекеттер шегін көбейтпейді.',
      ru: 'Одного субъекта одновременно ждут не более subjectLimits.openRequests запросов согласия (KDP-117), и за минуту к субъекту приходит не более subjectLimits.smsPerMinute запросов (KDP-118): открытие многих запросов не засыпает телефон и не умножает предел попыток одноразового кода.',
    },
  },
  {
    id: 'T-KDP-19',
    clause: 'docs/kdp.md § KDP_SERVICE',
    basis: 'profile',
    binds: ['platform'],
    rule: 'R7.0',
    title: {
      en: 'The subject is told the registered organisation',
      kk: 'Субъектіге тіркелген ұйым айтылады',
      ru: 'Субъекту называется зарегистрированная организация',
    },
    text: {
      en: "The subject's SMS, the 1414 queue and the access history name the organisation as Smart Bridge registered it, never the request's free-text company; a field that reaches the subject with a control character or a line break is refused (KDP-108).",
      kk: 'Субъектіге жіберілетін SMS, 1414 кезегі және қол жеткізу тарихы ұйымды сұраудағы еркін мәтінді company өрісі бойынша емес, Smart Bridge тіркеген атауымен атайды; субъектіге жететін өрісте басқару таңбасы немесе жол ауысуы болса, сұрау қабылданбайды (KDP-108).',
      ru: 'SMS субъекту, очередь 1414 и история доступа называют организацию так, как её зарегистрировал Smart Bridge, а не по свободному тексту company из запроса; поле, доходящее до субъекта, с управляющим символом или переводом строки отклоняется (KDP-108).',
    },
  },
] as const satisfies readonly Requirement[];

export type KdpRequirementId = (typeof KDP_REQUIREMENTS)[number]['id'];
