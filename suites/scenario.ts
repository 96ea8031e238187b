import type { DescribeResponse, DriverEnvironment, DriverWay, StartAccessRequest } from './driver/protocol.ts';
import type { EnvironmentClient, FixtureSubject, SmsMessage } from './environment/client.ts';
import type { SutPort } from './sut.ts';

/** What the subject (or the 1414 operator on the subject's behalf) does with a request. */
export type SubjectAction = 'approve' | 'wrong-then-right' | 'refuse' | 'silent' | 'wrong-until-locked';

export const PURPOSE = 'Проверка личности клиента при открытии счёта';
const WAIT_MS = 15_000;

/** The one-time code in a code-request SMS: the word of digits (or letters and digits) it asks for. */
export function codeIn(text: string): string | undefined {
  // ru: «ответьте … кодом 482913»; kk: «… 482913 кодымен жауап беріңіз». Never the first digits
  // seen: the requester's BIN comes before the code.
  return /кодом\s+([A-Z0-9]{4,12})(?![\w])/u.exec(text)?.[1] ?? /(?:^|\s)([A-Z0-9]{4,12})\s+кодымен/u.exec(text)?.[1];
}

/** A code of the same form that is not the code. */
export function wrongCode(code: string): string {
  return [...code].map((c) => (/\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'A' ? 'B' : 'A')).join('');
}

/**
 * Plays the subject's part once the SUT has asked: answers the code SMS, the proactive offer, or
 * the 1414 call as told. Resolves to what happened, for the module's notes.
 */
export async function playSubject(o: {
  env: EnvironmentClient;
  way: DriverWay;
  subject: FixtureSubject;
  sinceIso: string;
  action: SubjectAction;
  attempts?: number;
}): Promise<string> {
  const { env, way, subject, action } = o;
  if (action === 'silent' || way === 'own-means' || way === 'notification') return 'no answer';
  if (way === 'callcenter-1414') {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const [req] = await env.callCenterRequests(subject.iin);
      if (req) {
        await env.callCenterDecide(req.id, action === 'refuse' ? 'refuse' : 'confirm');
        return `operator ${action === 'refuse' ? 'refused' : 'confirmed'}`;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error('the request never reached the 1414 queue');
  }
  const sms: SmsMessage | undefined = await env.waitForSms(subject.phone, o.sinceIso, WAIT_MS);
  if (!sms) throw new Error('no SMS reached the subject');
  if (way === 'proactive') {
    await env.reply(subject.phone, action === 'refuse' ? 'ЖОҚ' : 'ИӘ', sms.id);
    return action === 'refuse' ? 'declined the offer' : 'accepted the offer';
  }
  const code = codeIn(sms.text);
  if (!code) throw new Error(`no code in the SMS: ${sms.text}`);
  if (action === 'refuse') {
    await env.reply(subject.phone, 'НЕТ', sms.id);
    return 'answered НЕТ';
  }
  const wrongs = action === 'wrong-then-right' ? 1 : action === 'wrong-until-locked' ? (o.attempts ?? 3) : 0;
  for (let i = 0; i < wrongs; i++) await env.reply(subject.phone, wrongCode(code), sms.id);
  if (action !== 'wrong-until-locked') await env.reply(subject.phone, code, sms.id);
  const form = /[A-Z]/.test(code) ? `alphanumeric code ${code}` : 'code';
  return `${wrongs ? `${wrongs} wrong code(s)${action === 'wrong-until-locked' ? '' : ', then '}` : ''}${action === 'wrong-until-locked' ? '' : `the ${form}`}`;
}

/** The way a module uses when any way will do: the quickest the SUT has. */
export function quickestWay(d: DescribeResponse): DriverWay {
  return (['own-means', 'notification', 'sms', 'proactive', 'callcenter-1414'] as const).find((w) =>
    d.ways.includes(w),
  )!;
}

export function requestFor(
  d: DescribeResponse,
  environment: DriverEnvironment,
  subject: FixtureSubject,
  way: DriverWay,
  more: Partial<StartAccessRequest> = {},
): StartAccessRequest {
  return {
    environment,
    iin: subject.iin,
    way,
    dataService: d.dataServices[0]!,
    purpose: PURPOSE,
    lifetime: 600,
    ...(way === 'notification' ? { article9Ground: 'art9-1' as const } : {}),
    ...more,
  };
}

/** Gets the SUT a granted access (and, when asked, the data): onboarding's test exchange and production's. */
export async function driveToGrant(o: {
  env: EnvironmentClient;
  sut: SutPort;
  environment: DriverEnvironment;
  subject: FixtureSubject;
  describe: DescribeResponse;
  fetch: boolean;
}): Promise<{ ok: boolean; why?: string; id?: string; dataService: string }> {
  const way = quickestWay(o.describe);
  const request = requestFor(o.describe, o.environment, o.subject, way);
  const sinceIso = new Date(await o.env.clockNowMs()).toISOString();
  const started = await o.sut.start(request);
  if (!started.value) return { ok: false, why: 'skipped', dataService: request.dataService };
  await playSubject({ env: o.env, way, subject: o.subject, sinceIso, action: 'approve' });
  const state = await o.sut.outcome(started.value.id, ['granted'], WAIT_MS);
  if (state.value?.phase !== 'granted' && state.source === 'driver')
    return {
      ok: false,
      why: `ended ${state.value?.phase} ${state.value?.reason ?? ''}`,
      dataService: request.dataService,
    };
  if (o.fetch) {
    const got = await o.sut.fetch(started.value.id);
    if (got.value && 'ok' in got.value && !got.value.ok)
      return { ok: false, why: `fetch: ${got.value.reason}`, dataService: request.dataService };
  }
  return { ok: true, id: started.value.id, dataService: request.dataService };
}
