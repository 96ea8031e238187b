import type { Requirement } from './types.ts';
import type { RulesRequirementId } from './rules-ids.ts';

export { RULES_REQUIREMENT_IDS, type RulesRequirementId } from './rules-ids.ts';

/**
 * The Rules' own requirements (../shared/RULES.md: order 236/НҚ of 8 July 2022 as amended by 276/НҚ
 * of 30 May 2025). The English text is the catalogue of RULES.md word for word; the Kazakh and Russian
 * texts use the Rules' own vocabulary (мемлекеттік сервис / государственный сервис, бастамашы /
 * инициатор, ЭҮШ / ШЭП, қауіпсіздік токені / токен безопасности, «Smart Bridge» платформасы).
 *
 * Whom each binds: the integrator for what its own system or its application must do (what a report
 * to the authorized body lists), the platform for what the state service, SHEP, the data services and
 * Smart Bridge must do (what the mocks do). Most bind both: the integrator must do it and the platform
 * refuses whoever does not. R5.6 (rejection with reasons) and R9 (the review deadline) are the
 * authorized body's alone, so a report leaves them out.
 */
export const RULES_REQUIREMENTS = [
  {
    id: 'R2.8',
    clause: '2.8',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The security token is a unique, bound JWT',
      kk: 'Қауіпсіздік токені — бірегей әрі байланыстырылған JWT',
      ru: 'Токен безопасности — уникальный и привязанный JWT',
    },
    text: {
      en: 'The security token is a unique JWT that identifies the requester: signed, time-limited, bound to the environment, the initiator and the approved services; a forged, expired, replayed or mis-bound token is refused.',
      kk: 'Қауіпсіздік токені — сұрау салушыны сәйкестендіретін бірегей JWT: ол қол қойылған, әрекет ету мерзімі шектеулі, ортаға, бастамашыға және мақұлданған сервистерге байланыстырылған; жалған, мерзімі өткен, қайта ұсынылған немесе қате байланыстырылған токен қабылданбайды.',
      ru: 'Токен безопасности — уникальный JWT, идентифицирующий запрашивающего: подписан, ограничен по сроку действия, привязан к среде, инициатору и одобренным сервисам; поддельный, просроченный, повторно предъявленный или неверно привязанный токен отклоняется.',
    },
  },
  {
    id: 'R3',
    clause: '3',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Access to personal data goes through the state service',
      kk: 'Дербес деректерге қол жеткізу мемлекеттік сервис арқылы жүзеге асырылады',
      ru: 'Доступ к персональным данным осуществляется через государственный сервис',
    },
    text: {
      en: 'Access to personal data held by state informatization objects goes through the state service, including Article 9 cases (as notifications). A data service never releases personal data without a valid state-service token.',
      kk: 'Мемлекеттік органдардың және (немесе) мемлекеттік заңды тұлғалардың ақпараттандыру объектілеріндегі дербес деректерге қол жеткізу мемлекеттік сервис арқылы, оның ішінде Заңның 9-бабында көзделген жағдайларда (хабарламалар ретінде) жүзеге асырылады. Деректер сервисі мемлекеттік сервистің жарамды токенінсіз дербес деректерді ешқашан бермейді.',
      ru: 'Доступ к персональным данным, содержащимся в объектах информатизации государственных органов и (или) государственных юридических лиц, осуществляется через государственный сервис, в том числе в случаях статьи 9 Закона (в виде уведомлений). Сервис данных никогда не выдаёт персональные данные без действительного токена государственного сервиса.',
    },
  },
  {
    id: 'R4',
    clause: '4',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Integration starts with an application on Smart Bridge',
      kk: 'Интеграция «Smart Bridge» платформасындағы өтінімнен басталады',
      ru: 'Интеграция начинается с заявки на платформе «Smart Bridge»',
    },
    text: {
      en: 'Integration starts with an application on Smart Bridge; no credentials for the test environment exist before one is approved.',
      kk: 'Интеграция «Smart Bridge» платформасында берілген өтінімнен басталады; өтінім мақұлданғанға дейін тест ортасына арналған тіркелгі деректері болмайды.',
      ru: 'Интеграция начинается с заявки на платформе «Smart Bridge»; до её одобрения учётных данных для тестовой среды не существует.',
    },
  },
  {
    id: 'R5.1',
    clause: '5.1',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The application names the services',
      kk: 'Өтінімде қызметтердің атаулары көрсетіледі',
      ru: 'В заявке указываются наименования услуг',
    },
    text: {
      en: 'The application names the services within which personal data are accessed.',
      kk: 'Өтінімде дербес деректерге қол жеткізу жүзеге асырылатын қызметтердің атаулары көрсетіледі.',
      ru: 'В заявке указываются наименования услуг, в рамках которых осуществляется доступ к персональным данным.',
    },
  },
  {
    id: 'R5.2',
    clause: '5.2',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The services needed, with the business processes',
      kk: 'Қажетті сервистер және бизнес-процестердің сипаттамасы',
      ru: 'Необходимые сервисы и описание бизнес-процессов',
    },
    text: {
      en: 'It names the services needed for each specific service, with a business-process description.',
      kk: 'Өтінімде әрбір нақты қызметті көрсету үшін қажетті сервистер бизнес-процестердің сипаттамасымен бірге көрсетіледі.',
      ru: 'В заявке указываются сервисы, необходимые для оказания каждой конкретной услуги, с описанием бизнес-процессов.',
    },
  },
  {
    id: 'R5.3',
    clause: '5.3',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The stage of service provision',
      kk: 'Қызмет көрсету кезеңі',
      ru: 'Этап оказания услуги',
    },
    text: {
      en: 'It states the stage of service provision.',
      kk: 'Өтінімде қызмет көрсету кезеңі көрсетіледі.',
      ru: 'В заявке указывается этап оказания услуги.',
    },
  },
  {
    id: 'R5.4',
    clause: '5.4',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The storage and processing time of personal data',
      kk: 'Дербес деректерді сақтау және өңдеу мерзімі',
      ru: 'Срок хранения и обработки персональных данных',
    },
    text: {
      en: 'It states the storage and processing time of personal data.',
      kk: 'Өтінімде дербес деректерді сақтау және өңдеу мерзімі көрсетіледі.',
      ru: 'В заявке указывается срок хранения и обработки персональных данных.',
    },
  },
  {
    id: 'R5.5',
    clause: '5.5',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The grounds for storing personal data',
      kk: 'Дербес деректерді сақтау негіздері',
      ru: 'Основания хранения персональных данных',
    },
    text: {
      en: 'It states the grounds for storing personal data.',
      kk: 'Өтінімде дербес деректерді сақтау негіздері көрсетіледі.',
      ru: 'В заявке указываются основания хранения персональных данных.',
    },
  },
  {
    id: 'R5.6',
    clause: '5',
    basis: 'rules',
    binds: ['platform'],
    title: {
      en: 'A non-compliant application is rejected with its reasons',
      kk: 'Талаптарға сәйкес келмейтін өтінім себептері көрсетіліп қабылданбайды',
      ru: 'Несоответствующая заявка отклоняется с указанием причин',
    },
    text: {
      en: 'A non-compliant application is rejected, with the reasons.',
      kk: 'Қазақстан Республикасының заңнамасына сәйкес келмейтін өтінім себептері көрсетіліп қабылданбайды.',
      ru: 'Заявка, не соответствующая законодательству Республики Казахстан, отклоняется с указанием причин.',
    },
  },
  {
    id: 'R6',
    clause: '6',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: "The application follows the platform's form rules",
      kk: 'Өтінім платформаның нұсқаулығына сәйкес толтырылады',
      ru: 'Заявка заполняется по инструкции платформы',
    },
    text: {
      en: "The application is validated against the platform's form rules; an invalid form is refused with field-level errors.",
      kk: 'Өтінім платформаның толтыру ережелері бойынша тексеріледі; дұрыс толтырылмаған нысан әр өріс бойынша қателер көрсетіліп қабылданбайды.',
      ru: 'Заявка проверяется по правилам заполнения платформы; неверно заполненная форма отклоняется с ошибками по каждому полю.',
    },
  },
  {
    id: 'R7.0',
    clause: '7',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The application names the ways of sending requests',
      kk: 'Өтінімде сұрауды жіберу тәсілдері көрсетіледі',
      ru: 'В заявке указываются способы направления запроса',
    },
    text: {
      en: 'The application names the consent ways it will use; requests that use a way not approved for the application are refused. Where required, test protocols of information-security compliance are present.',
      kk: 'Өтінімде бастамашы пайдаланатын келісім алу тәсілдері көрсетіледі; өтінім бойынша мақұлданбаған тәсілмен жіберілген сұраулар қабылданбайды. Талап етілген жағдайда ақпараттық қауіпсіздік талаптарына сәйкестікке сынақ хаттамалары ұсынылады.',
      ru: 'В заявке указываются способы получения согласия, которые будут использоваться; запросы способом, не одобренным по заявке, отклоняются. В требуемых случаях представляются протоколы испытаний на соответствие требованиям информационной безопасности.',
    },
  },
  {
    id: 'R7.1',
    clause: '7.1',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Way 1: the 1414 contact center',
      kk: '1-тәсіл: «1414» бірыңғай байланыс орталығы',
      ru: 'Способ 1: единый контакт-центр «1414»',
    },
    text: {
      en: 'Way 1, the 1414 contact center: the subject gives or refuses consent through the contact center; the initiator gets the response through the state service.',
      kk: '1-тәсіл, «1414» бірыңғай байланыс орталығы: субъект келісімді байланыс орталығы арқылы береді немесе беруден бас тартады; бастамашы жауапты мемлекеттік сервис арқылы алады.',
      ru: 'Способ 1, единый контакт-центр «1414»: субъект даёт согласие или отказывает в нём через контакт-центр; инициатор получает ответ через государственный сервис.',
    },
  },
  {
    id: 'R7.2',
    clause: '7.2',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: "Way 2: the initiator's own means",
      kk: '2-тәсіл: бастамашының өз құралдары',
      ru: 'Способ 2: собственные средства инициатора',
    },
    text: {
      en: "Way 2, own means: only banks or holders of an agreement with the authorized body whose system is connected to the information-security operations center; the request carries consent evidence signed with the organisation's key registered under R10.2.",
      kk: '2-тәсіл, өз құралдары: тек банктерге немесе уәкілетті органмен келісімі бар және ақпараттық жүйесі ақпараттық қауіпсіздікті қамтамасыз етудің жедел орталығына қосылған ұйымдарға рұқсат етіледі; сұрау R10.2 бойынша тіркелген ұйым кілтімен қол қойылған келісім дәлелін қамтиды.',
      ru: 'Способ 2, собственные средства: только банки или организации, имеющие соглашение с уполномоченным органом, информационная система которых подключена к оперативному центру обеспечения информационной безопасности; запрос содержит подтверждение согласия, подписанное ключом организации, зарегистрированным по R10.2.',
    },
  },
  {
    id: 'R7.3',
    clause: '7.3',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Way 3: a proactive service',
      kk: '3-тәсіл: проактивті қызмет',
      ru: 'Способ 3: проактивная услуга',
    },
    text: {
      en: 'Way 3, proactive service: only initiators that provide proactive services; the subject is offered the service and answers.',
      kk: '3-тәсіл, проактивті қызмет: тек проактивті қызметтер көрсететін бастамашыларға рұқсат етіледі; субъектіге қызмет ұсынылады және ол жауап береді.',
      ru: 'Способ 3, проактивная услуга: только инициаторы, оказывающие проактивные услуги; субъекту предлагается услуга, и он отвечает.',
    },
  },
  {
    id: 'R7.4',
    clause: '7.4',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Way 4: notification mode',
      kk: '4-тәсіл: хабардар ету режимі',
      ru: 'Способ 4: режим уведомления',
    },
    text: {
      en: 'Way 4, notification: only for an Article 9 ground approved in the application; no consent is asked, the subject is notified, the access is recorded.',
      kk: '4-тәсіл, хабардар ету: тек өтінімде мақұлданған Заңның 9-бабындағы негіз бойынша; келісім сұралмайды, субъект хабардар етіледі, қол жеткізу тіркеледі.',
      ru: 'Способ 4, уведомление: только по основанию статьи 9 Закона, одобренному в заявке; согласие не запрашивается, субъект уведомляется, доступ фиксируется.',
    },
  },
  {
    id: 'R7.5',
    clause: '7.5',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Way 5: SMS through Mobile government',
      kk: '5-тәсіл: «Мобильді үкімет» арқылы SMS',
      ru: 'Способ 5: SMS через «Мобильное правительство»',
    },
    text: {
      en: "Way 5, SMS through Mobile government: the request reaches the subject as an SMS with a one-time (numeric or alphanumeric) code and the subject's answer comes back as an SMS with a one-time code.",
      kk: '5-тәсіл, «Мобильді үкімет» жүйесі арқылы SMS: сұрау субъектіге бір реттік (цифрлық немесе әріптік-цифрлық) коды бар SMS-хабарлама түрінде жетеді, ал субъектінің жауабы бір реттік коды бар SMS-хабарлама түрінде қайтарылады.',
      ru: 'Способ 5, SMS через систему «Мобильное правительство»: запрос поступает субъекту в виде SMS-уведомления с одноразовым (цифровым или буквенно-цифровым) кодом, а ответ субъекта возвращается в виде SMS-уведомления с одноразовым кодом.',
    },
  },
  {
    id: 'R8',
    clause: '8',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Way 2 needs test protocols',
      kk: '2-тәсіл үшін сынақ хаттамалары қажет',
      ru: 'Для способа 2 нужны протоколы испытаний',
    },
    text: {
      en: 'An application that chooses way 2 without test protocols is refused.',
      kk: '2-тәсілді таңдаған, бірақ сынақ хаттамалары қоса берілмеген өтінім қабылданбайды.',
      ru: 'Заявка, в которой выбран способ 2, но не приложены протоколы испытаний, отклоняется.',
    },
  },
  {
    id: 'R9',
    clause: '9',
    basis: 'rules',
    binds: ['platform'],
    title: {
      en: 'A decision within 10 working days',
      kk: '10 жұмыс күні ішінде шешім',
      ru: 'Решение в течение 10 рабочих дней',
    },
    text: {
      en: "The authorized body decides within 10 working days (Kazakhstan's calendar of working days and public holidays); an overdue application is flagged.",
      kk: 'Уәкілетті орган өтінім бойынша шешімді 10 жұмыс күні ішінде қабылдайды (Қазақстанның жұмыс күндері мен мереке күндерінің күнтізбесі бойынша); мерзімі өткен өтінім белгіленеді.',
      ru: 'Уполномоченный орган принимает решение в течение 10 рабочих дней (по казахстанскому календарю рабочих и праздничных дней); просроченная заявка помечается.',
    },
  },
  {
    id: 'R10.1',
    clause: '10.1',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Technical documentation before testing',
      kk: 'Тестілеуге дейін техникалық құжаттама',
      ru: 'Техническая документация до тестирования',
    },
    text: {
      en: 'After approval, technical documentation with request and response examples is attached before testing starts.',
      kk: 'Өтінім мақұлданғаннан кейін, тестілеу басталғанға дейін мемлекеттік сервистің сұраулары мен жауаптарының мысалдары бар техникалық құжаттама қоса тіркеледі.',
      ru: 'После одобрения заявки, до начала тестирования, прикрепляется техническая документация с примерами запросов и ответов государственного сервиса.',
    },
  },
  {
    id: 'R10.2',
    clause: '10.2',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: "The organisation's signature key for way 2",
      kk: '2-тәсіл үшін ұйымның қолтаңба кілті',
      ru: 'Ключ подписи организации для способа 2',
    },
    text: {
      en: "For way 2, the public part of the organisation's signature key is registered before testing starts; signatures by any other key are refused.",
      kk: '2-тәсіл үшін тестілеу басталғанға дейін ұйымның электрондық цифрлық қолтаңба кілтінің ашық бөлігі тіркеледі; кез келген басқа кілтпен қойылған қолтаңбалар қабылданбайды.',
      ru: 'Для способа 2 до начала тестирования регистрируется открытая часть ключа электронной цифровой подписи организации; подписи любым другим ключом отклоняются.',
    },
  },
  {
    id: 'R11',
    clause: '11',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'The testing act on the test environment',
      kk: 'Тест ортасындағы тестілеу актісі',
      ru: 'Акт тестирования на тестовой среде',
    },
    text: {
      en: 'On the test environment the initiator obtains a successful response presenting a valid security token (a JWT), draws up the testing act and attaches it to the application.',
      kk: 'ЭҮШ пен мемлекеттік сервистің тест ортасында бастамашы жарамды қауіпсіздік токенін (JWT) ұсына отырып сәтті жауап алады, тестілеу актісін жасайды және оны өтінімге қоса тіркейді.',
      ru: 'На тестовой среде ШЭП и государственного сервиса инициатор получает успешный ответ с предъявлением действительного токена безопасности (JWT), составляет акт тестирования и прикрепляет его к заявке.',
    },
  },
  {
    id: 'R12',
    clause: '12',
    basis: 'rules',
    binds: ['integrator', 'platform'],
    title: {
      en: 'Production only after the testing act',
      kk: 'Өнеркәсіптік орта тек тестілеу актісінен кейін',
      ru: 'Промышленная среда только после акта тестирования',
    },
    text: {
      en: 'Production access opens only after the testing act is accepted; test credentials never work in production and production credentials never in test.',
      kk: 'Өнеркәсіптік ортаға қол жеткізу тестілеу актісі қабылданғаннан кейін ғана ашылады; тест ортасының тіркелгі деректері өнеркәсіптік ортада, ал өнеркәсіптік ортаның тіркелгі деректері тест ортасында ешқашан жұмыс істемейді.',
      ru: 'Доступ к промышленной среде открывается только после принятия акта тестирования; учётные данные тестовой среды никогда не работают в промышленной, а промышленной — в тестовой.',
    },
  },
] as const satisfies readonly Requirement<RulesRequirementId>[];
