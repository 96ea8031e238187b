import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the environment itself (T-ENV-N): what an integrator
 * and the authorized body may rely on when they run it. They bind this tool, not an integrator.
 * IDs are stable: never renumber.
 */
export const ENVIRONMENT_REQUIREMENTS = [
  {
    id: 'T-ENV-1',
    clause: 'docs/environment.md § Guarantees; docs/profile.md § The store',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Nothing answered is lost when the process is killed',
      kk: 'Процесс мәжбүрлі тоқтатылғанда жауап берілген ештеңе жоғалмайды',
      ru: 'При принудительном завершении процесса отвеченное не теряется',
    },
    text: {
      en: 'Nothing answered is lost when the process is killed: every write behind an answer is committed before the answer leaves.',
      kk: 'Процесс мәжбүрлі тоқтатылғанда жауап берілген ештеңе жоғалмайды: жауаптың артындағы әр жазба жауап жіберілгенге дейін бекітіледі.',
      ru: 'При принудительном завершении процесса ничего из отвеченного не теряется: каждая запись, стоящая за ответом, фиксируется до отправки ответа.',
    },
  },
  {
    id: 'T-ENV-2',
    clause: 'docs/environment.md § Guarantees',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'A clean stop on SIGINT and SIGTERM',
      kk: 'SIGINT және SIGTERM бойынша дұрыс тоқтау',
      ru: 'Чистая остановка по SIGINT и SIGTERM',
    },
    text: {
      en: 'SIGINT and SIGTERM stop the environment cleanly (exit code 0), keeping the store.',
      kk: 'SIGINT және SIGTERM сигналдары ортаны қоймасын сақтай отырып, дұрыс тоқтатады (шығу коды 0).',
      ru: 'SIGINT и SIGTERM чисто останавливают среду (код выхода 0), сохраняя хранилище.',
    },
  },
  {
    id: 'T-ENV-3',
    clause: 'docs/environment.md § Guarantees',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Virtual time survives a restart',
      kk: 'Виртуалды уақыт қайта іске қосылғаннан кейін сақталады',
      ru: 'Виртуальное время сохраняется после перезапуска',
    },
    text: {
      en: 'Virtual time survives a restart: an expired code or token stays expired.',
      kk: 'Виртуалды уақыт қайта іске қосылғаннан кейін сақталады: мерзімі өткен код немесе токен мерзімі өткен күйінде қалады.',
      ru: 'Виртуальное время сохраняется после перезапуска: истёкший код или токен остаётся истёкшим.',
    },
  },
  {
    id: 'T-ENV-4',
    clause: 'docs/environment.md § Guarantees',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: "Bad input is answered in the protocol's own form",
      kk: 'Қате кіріс деректеріне хаттаманың өз пішінінде жауап беріледі',
      ru: 'На неверный ввод отвечается в форме самого протокола',
    },
    text: {
      en: "Bad input to any API (malformed or hostile XML, malformed JSON, a wrong IIN or phone) is answered in the protocol's own form and the environment keeps answering.",
      kk: 'Кез келген API-ге келген қате кіріс деректеріне (бұзылған немесе қауіпті XML, бұзылған JSON, қате ЖСН немесе телефон) хаттаманың өз пішінінде жауап беріледі және орта жауап беруін жалғастырады.',
      ru: 'На неверный ввод в любой API (некорректный или враждебный XML, некорректный JSON, неверный ИИН или телефон) отвечается в собственной форме протокола, и среда продолжает отвечать.',
    },
  },
  {
    id: 'T-ENV-5',
    clause: 'docs/environment.md § Guarantees',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'A reset forgets everything and re-seeds',
      kk: 'Қалпына келтіру бәрін ұмытып, фикстураларды қайта толтырады',
      ru: 'Сброс забывает всё и заново засевает фикстуры',
    },
    text: {
      en: 'A reset forgets every exchange, message, consent and token and re-seeds the fixtures.',
      kk: 'Қалпына келтіру (reset) әр алмасуды, хабарламаны, келісімді және токенді ұмытады және фикстураларды қайта толтырады.',
      ru: 'Сброс забывает каждый обмен, сообщение, согласие и токен и заново засевает фикстуры.',
    },
  },
  {
    id: 'T-ENV-6',
    clause: 'docs/security.md',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Only whom the user intends reaches the environment',
      kk: 'Ортаға тек пайдаланушы рұқсат еткендер ғана қол жеткізеді',
      ru: 'Среда доступна только тем, кому её открыл пользователь',
    },
    text: {
      en: 'A web page cannot drive the environment: a Host it was not started for, a foreign Origin and a simple-request body on a JSON route are refused; beyond loopback the environment API and the Smart Bridge authority role need the access token.',
      kk: 'Веб-бет ортаны басқара алмайды: орта іске қосылмаған Host, бөгде Origin және JSON маршрутына жіберілген қарапайым сұрау денесі қабылданбайды; loopback-тен тыс ортаның API-і мен Smart Bridge уәкілетті орган рөлі қол жеткізу токенін талап етеді.',
      ru: 'Веб-страница не может управлять средой: Host, для которого среда не запущена, чужой Origin и тело простого запроса на JSON-маршруте отклоняются; за пределами loopback API среды и роль уполномоченного органа в Smart Bridge требуют токен доступа.',
    },
  },
  {
    id: 'T-ENV-7',
    clause: 'docs/environment.md',
    basis: 'profile',
    binds: ['harness'],
    title: {
      en: 'Settings are validated, never dropped',
      kk: 'Баптаулар тексеріледі, ешқашан үнсіз тасталмайды',
      ru: 'Настройки проверяются и никогда не отбрасываются молча',
    },
    text: {
      en: 'Every settings body is validated by its schema: an unknown or mistyped key is refused with its path, never dropped with a 200.',
      kk: 'Әр баптау денесі өз схемасы бойынша тексеріледі: белгісіз немесе қате жазылған кілт 200 жауабымен тасталмайды, оның жолы көрсетіліп қабылданбайды.',
      ru: 'Каждое тело настроек проверяется по своей схеме: неизвестный или опечатанный ключ отклоняется с указанием пути и никогда не отбрасывается с ответом 200.',
    },
  },
] as const satisfies readonly Requirement[];

export type EnvironmentRequirementId = (typeof ENVIRONMENT_REQUIREMENTS)[number]['id'];
