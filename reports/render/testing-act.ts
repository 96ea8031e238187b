import type { Language, Report } from '../model.ts';
import { STATUS_TEXT } from './i18n.ts';
import { escapeHtml as e, kzDate, kzTime } from './text.ts';

/**
 * The testing act of clause 11, one printable HTML document per language. The platform's own form
 * is not public: the content is the project's choice and matches what the mock Smart Bridge asks of
 * an act (mocks/smart-bridge/testing-act.ts): number and date, the system, one scenario per way and
 * data service, the successful test-environment exchange with the security token, the conclusion
 * and the signatories.
 */

const W = {
  title: { en: 'TESTING ACT', kk: 'ТЕСТІЛЕУ АКТІСІ', ru: 'АКТ ТЕСТИРОВАНИЯ' },
  basis: {
    en: 'of integration with the state service for control of access to personal data, drawn up under clause 11 of the Rules for integration with the state service for control of access to personal data (order No 236/НҚ of 8 July 2022)',
    kk: 'дербес деректерге қол жеткізуді бақылау мемлекеттік сервисімен интеграцияны тестілеу туралы, Дербес деректерге қол жеткізуді бақылау мемлекеттік сервисімен интеграциялау қағидаларының (2022 жылғы 8 шілдедегі № 236/НҚ бұйрық) 11-тармағына сәйкес жасалды',
    ru: 'интеграции с государственным сервисом контроля доступа к персональным данным, составлен в соответствии с пунктом 11 Правил интеграции с государственным сервисом контроля доступа к персональным данным (приказ № 236/НҚ от 8 июля 2022 года)',
  },
  number: { en: 'No', kk: '№', ru: '№' },
  date: { en: 'Date', kk: 'Күні', ru: 'Дата' },
  initiator: { en: 'Initiator', kk: 'Бастамашы', ru: 'Инициатор' },
  bin: { en: 'BIN', kk: 'БСН', ru: 'БИН' },
  system: { en: 'Information system', kk: 'Ақпараттық жүйе', ru: 'Информационная система' },
  environment: {
    en: 'Environment: the test environment of SHEP and of the state service',
    kk: 'Орта: ЭҮШ пен мемлекеттік сервистің тест ортасы',
    ru: 'Среда: тестовая среда ШЭП и государственного сервиса',
  },
  period: { en: 'Testing period', kk: 'Тестілеу кезеңі', ru: 'Период тестирования' },
  scenarios: { en: 'Scenarios tested', kk: 'Тестіленген сценарийлер', ru: 'Протестированные сценарии' },
  way: { en: 'Consent way', kk: 'Келісім тәсілі', ru: 'Способ согласия' },
  dataService: { en: 'Data service', kk: 'Деректер сервисі', ru: 'Сервис данных' },
  result: { en: 'Result', kk: 'Нәтиже', ru: 'Результат' },
  passed: { en: 'passed', kk: 'өтті', ru: 'пройден' },
  notPassed: { en: 'not passed', kk: 'өтпеді', ru: 'не пройден' },
  exchange: {
    en: 'Successful response of the test environment with the security token',
    kk: 'Тест ортасының қауіпсіздік токені бар сәтті жауабы',
    ru: 'Успешный ответ тестовой среды с токеном безопасности',
  },
  messageId: { en: 'SHEP messageId', kk: 'ЭҮШ messageId', ru: 'messageId ШЭП' },
  service: { en: 'Service', kk: 'Сервис', ru: 'Сервис' },
  time: { en: 'Time', kk: 'Уақыты', ru: 'Время' },
  token: {
    en: 'Security token (JWT, clause 2.8)',
    kk: 'Қауіпсіздік токені (JWT, 2.8-тармақ)',
    ru: 'Токен безопасности (JWT, пункт 2.8)',
  },
  fingerprint: { en: 'SHA-256 fingerprint', kk: 'SHA-256 ізі', ru: 'Отпечаток SHA-256' },
  noExchange: {
    en: 'No successful test-environment response with a valid security token was recorded: this act cannot be filed.',
    kk: 'Жарамды қауіпсіздік токені бар тест ортасының сәтті жауабы тіркелмеген: бұл актіні тапсыруға болмайды.',
    ru: 'Успешный ответ тестовой среды с действительным токеном безопасности не зафиксирован: акт не может быть подан.',
  },
  requirements: { en: 'Results by requirement', kk: 'Талаптар бойынша нәтижелер', ru: 'Результаты по требованиям' },
  conclusion: { en: 'Conclusion', kk: 'Қорытынды', ru: 'Заключение' },
  concludePassed: {
    en: 'The information system passed testing on the test environment and is ready for integration on the production environment (clause 12).',
    kk: 'Ақпараттық жүйе тест ортасында тестілеуден өтті және өндірістік ортада интеграцияға дайын (12-тармақ).',
    ru: 'Информационная система прошла тестирование на тестовой среде и готова к интеграции на промышленной среде (пункт 12).',
  },
  concludeFailed: {
    en: 'The information system did not pass testing: testing is not finished.',
    kk: 'Ақпараттық жүйе тестілеуден өтпеді: тестілеу аяқталған жоқ.',
    ru: 'Информационная система не прошла тестирование: тестирование не завершено.',
  },
  signatories: { en: 'Signatories', kk: 'Қол қоюшылар', ru: 'Подписи' },
  forInitiator: { en: 'For the initiator', kk: 'Бастамашы атынан', ru: 'От инициатора' },
  forAuthority: {
    en: 'For the authorized body',
    kk: 'Уәкілетті орган атынан',
    ru: 'От уполномоченного органа',
  },
  signature: { en: 'signature', kk: 'қолы', ru: 'подпись' },
  bundle: {
    en: 'This act is part of a signed conformance bundle; check it with `kdp-conformance verify`. Report digest',
    kk: 'Бұл акт қол қойылған сәйкестік жинағының бөлігі; оны `kdp-conformance verify` арқылы тексеріңіз. Есептің дайджесті',
    ru: 'Акт входит в подписанный пакет о соответствии; проверьте его командой `kdp-conformance verify`. Дайджест отчёта',
  },
} satisfies Record<string, Record<Language, string>>;

export function testingActNumber(report: Report): string {
  return `KDP-${report.sut.organisation.bin}-${kzDate(report.endedAt).replace(/-/g, '')}`;
}

/** Scenarios: one per (way, data service) the run exercised; passed when every module of it passed. */
export function testingActScenarios(report: Report): { way: string; dataService: string; passed: boolean }[] {
  const groups = new Map<string, { way: string; dataService: string; passed: boolean }>();
  for (const m of report.modules) {
    const way = m.variant.way;
    if (!way || m.status === 'SKIPPED') continue;
    const dataService = m.variant.dataService ?? '';
    const key = `${way}\u0000${dataService}`;
    const ok = m.status === 'PASSED' || m.status === 'WARNING';
    const g = groups.get(key);
    groups.set(key, { way, dataService, passed: (g?.passed ?? true) && ok });
  }
  return [...groups.values()];
}

export function renderTestingAct(report: Report, lang: Language, reportDigest: string): string {
  const w = (k: keyof typeof W) => e(W[k][lang]);
  const act = report.testingAct;
  const passed = report.verdict === 'PASSED' && act !== undefined;
  const signer = report.attestation.certifiedBy;
  const scenarios = testingActScenarios(report);
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${w('title')} ${e(testingActNumber(report))}</title>
<style>
@page{size:A4;margin:20mm}
body{font-family:"Times New Roman",Times,"Noto Serif",serif;font-size:12pt;line-height:1.4;max-width:180mm;margin:0 auto;color:#000}
h1{text-align:center;font-size:14pt;margin-bottom:0}.basis{text-align:center;margin-top:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #000;padding:2pt 4pt;text-align:left;vertical-align:top}
.meta td{border:none;padding:1pt 4pt}.sign td{border:none;padding-top:18pt}
.line{display:inline-block;min-width:50mm;border-bottom:1px solid #000}
code{font-family:"Courier New",monospace;font-size:10pt;word-break:break-all}
.small{font-size:9pt;color:#333}
</style>
</head>
<body>
<h1>${w('title')} ${w('number')} ${e(testingActNumber(report))}</h1>
<p class="basis">${w('basis')}</p>
<table class="meta">
<tr><td>${w('date')}</td><td>${e(kzDate(report.endedAt))}</td></tr>
<tr><td>${w('initiator')}</td><td>${e(report.sut.organisation.name)}, ${w('bin')} ${e(report.sut.organisation.bin)}</td></tr>
<tr><td>${w('system')}</td><td>${e(report.sut.name)}${report.sut.version ? ` ${e(report.sut.version)}` : ''}</td></tr>
<tr><td>${w('period')}</td><td>${e(kzTime(report.startedAt))} – ${e(kzTime(report.endedAt))}</td></tr>
</table>
<p>${w('environment')} (${e(report.attestation.environment)}).</p>
<h2>1. ${w('scenarios')}</h2>
<table><thead><tr><th>${w('way')}</th><th>${w('dataService')}</th><th>${w('result')}</th></tr></thead><tbody>
${scenarios.map((s) => `<tr><td>${e(s.way)}</td><td>${e(s.dataService)}</td><td>${s.passed ? w('passed') : w('notPassed')}</td></tr>`).join('\n')}
</tbody></table>
<h2>2. ${w('exchange')}</h2>
${
  act
    ? `<table class="exchange"><tbody>
<tr><th>${w('messageId')}</th><td><code class="message-id">${e(act.messageId)}</code></td></tr>
<tr><th>${w('service')}</th><td><code>${e(act.serviceId)}</code> — SCSS001</td></tr>
<tr><th>${w('time')}</th><td>${e(kzTime(act.at))}</td></tr>
<tr><th>${w('token')}</th><td>${act.tokenAlg ? `alg <code>${e(act.tokenAlg)}</code>, ` : ''}${w('fingerprint')} <code>${e(act.tokenFingerprint)}</code></td></tr>
</tbody></table>`
    : `<p class="no-exchange"><strong>${w('noExchange')}</strong></p>`
}
<h2>3. ${w('requirements')}</h2>
<table><tbody>
${report.requirements.map((r) => `<tr><td>${e(r.id)}</td><td>${e(r.title[lang])}</td><td>${e(STATUS_TEXT[r.status][lang])}</td></tr>`).join('\n')}
</tbody></table>
<h2>4. ${w('conclusion')}</h2>
<p class="conclusion">${passed ? w('concludePassed') : w('concludeFailed')}</p>
<h2>5. ${w('signatories')}</h2>
<table class="sign"><tbody>
<tr><td>${w('forInitiator')}</td><td>${signer ? `${e(signer.role)}<br>${e(signer.name)}` : '<span class="line"></span>'}</td><td><span class="line"></span><br><span class="small">${w('signature')}</span></td></tr>
<tr><td>${w('forAuthority')}</td><td><span class="line"></span></td><td><span class="line"></span><br><span class="small">${w('signature')}</span></td></tr>
</tbody></table>
<p class="small">${w('bundle')}: sha256 <code>${e(reportDigest)}</code></p>
</body>
</html>
`;
}
