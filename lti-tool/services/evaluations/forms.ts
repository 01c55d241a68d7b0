import type { Db } from '../../db';
import { AppError } from '../../errors';
import { assertAllowed, networkFor, type Actor } from '../../policies';
import { findNetworkById, listMeetings, type NetworkRow } from '../../../models/year';
import { countAllAnswers, deleteForm, insertForm, insertQuestions, listDayEvaluationMeetings, lockDayEvaluationsOf, updateForm, type FormRow } from '../../../models/evaluations';
import { formInScope } from './scope';
import { FieldRefusal, type FormSettings } from './form-fields';
import { localTimeToInstant, meetingWindow } from './timing';
import { dayTemplate } from './templates/day';
import { kalundborgTemplate } from './templates/kalundborg';
import { selfTemplate } from './templates/self';
import type { FormTemplate, TemplateLanguage } from './templates/types';

export const templateKeys = ['day', 'kalundborg', 'self'] as const;
export type TemplateKey = (typeof templateKeys)[number];

/** The year a form belongs to, from the network's period: "2026/2027", one year if both ends share it, '' without a period. */
export function yearLabelOf(network: Pick<NetworkRow, 'periodStart' | 'periodEnd'>): string {
  const from = network.periodStart?.slice(0, 4);
  const to = network.periodEnd?.slice(0, 4);
  if (!from && !to) return '';
  if (!from || !to || from === to) return (from ?? to)!;
  return `${from}/${to}`;
}

/** Only leaders build forms: the builder's pages are refused to everyone else. */
export function assertMayBuild(actor: Actor): void {
  assertAllowed(actor, 'evaluation.manage');
}

async function managedNetwork(db: Db, actor: Actor): Promise<NetworkRow> {
  const networkId = networkFor(actor, 'evaluation.manage');
  const network = await findNetworkById(db, networkId);
  if (!network) throw new AppError(404, 'not_found', `network ${networkId}`);
  return network;
}

async function insertFromTemplate(db: Db, form: Parameters<typeof insertForm>[1], template: FormTemplate): Promise<FormRow> {
  const row = await insertForm(db, { ...form, title: template.title, intro: template.intro });
  await insertQuestions(
    db,
    template.questions.map((question, position) => ({
      formId: row.id,
      position,
      key: question.key,
      kind: question.kind,
      text: question.text,
      lowLabel: question.lowLabel ?? '',
      highLabel: question.highLabel ?? '',
      options: question.options ?? [],
      required: question.required ?? false,
    })),
  );
  return row;
}

/**
 * Makes forms from a template in the chosen language, all in one transaction. The day evaluation is made for every
 * meeting of the year that has none yet (never twice for a meeting), each following its meeting's time; the
 * self-assessment is made as its pair (start, end), named. Returns how many forms were made.
 */
export async function makeFromTemplate(db: Db, actor: Actor, template: TemplateKey, lang: TemplateLanguage): Promise<number> {
  const network = await managedNetwork(db, actor);
  const common = { networkId: network.id, yearLabel: yearLabelOf(network), templateKey: template, createdByUserId: actor.user.id };
  return db.transaction(async (tx) => {
    if (template === 'kalundborg') {
      await insertFromTemplate(tx, { ...common, kind: 'annual', title: '', anonymous: true, timing: 'set' }, kalundborgTemplate(lang));
      return 1;
    }
    const meetings = await listMeetings(tx, network.id);
    if (template === 'self') {
      // Before the first meeting: it closes when that meeting starts. At the end: it opens with the last meeting.
      const times = { start: { opensAt: null, closesAt: meetings[0]?.startsAt ?? null }, end: { opensAt: meetings.at(-1)?.startsAt ?? null, closesAt: null } };
      for (const phase of ['start', 'end'] as const) {
        await insertFromTemplate(tx, { ...common, kind: 'selfAssessment', phase, title: '', anonymous: false, timing: 'set', ...times[phase] }, selfTemplate(lang, phase));
      }
      return 2;
    }
    await lockDayEvaluationsOf(tx, network.id);
    const done = await listDayEvaluationMeetings(tx, network.id);
    const missing = meetings.filter((meeting) => !done.has(meeting.id));
    for (const meeting of missing) {
      const window = meetingWindow(meeting.startsAt, network.timeZone);
      await insertFromTemplate(tx, { ...common, kind: 'dayEvaluation', meetingId: meeting.id, title: '', anonymous: true, timing: 'meeting', ...window }, dayTemplate(lang, meeting));
    }
    return missing.length;
  });
}

/** An empty form of the leader's own, a draft to add questions to. */
export async function createCustomForm(db: Db, actor: Actor, settings: FormSettings): Promise<FormRow> {
  const network = await managedNetwork(db, actor);
  const times = timesOf(settings, network.timeZone);
  return insertForm(db, {
    networkId: network.id,
    kind: 'custom',
    title: settings.title,
    intro: settings.intro,
    anonymous: settings.anonymous,
    timing: 'set',
    ...times,
    yearLabel: yearLabelOf(network),
    createdByUserId: actor.user.id,
  });
}

function instantOf(date: string | null, time: string | null, zone: string, field: string, fallbackTime: string): Date | null {
  if (!date) {
    if (time) throw new FieldRefusal(field, 'date_missing');
    return null;
  }
  const instant = localTimeToInstant(date, time ?? fallbackTime, zone);
  if (!instant) throw new FieldRefusal(field, 'time_skipped');
  return instant;
}

/** Set times from the leader's local dates and clock times; refused when they are impossible or in the wrong order. */
function timesOf(settings: FormSettings, zone: string): { opensAt: Date | null; closesAt: Date | null } {
  const opensAt = instantOf(settings.opensDate, settings.opensTime, zone, 'opensDate', '00:00');
  const closesAt = instantOf(settings.closesDate, settings.closesTime, zone, 'closesDate', '23:59');
  if (opensAt && closesAt && closesAt <= opensAt) throw new FieldRefusal('closesDate', 'closes_before_opens');
  return { opensAt, closesAt };
}

/**
 * Saves a form's settings. Whether it is anonymous cannot change once anyone has answered: named→anonymous would
 * promise an anonymity the stored rows do not have, anonymous→named would expose what was given under anonymity.
 */
export async function saveFormSettings(db: Db, actor: Actor, formId: number, settings: FormSettings): Promise<void> {
  const network = await managedNetwork(db, actor);
  const form = await formInScope(db, actor, formId);
  if (settings.anonymous !== form.anonymous && (await countAllAnswers(db, form.id)) > 0) throw new FieldRefusal('anonymous', 'anonymity_locked');
  const followsMeeting = settings.timing === 'meeting';
  if (followsMeeting && !form.meetingId) throw new FieldRefusal('timing', 'timing_needs_meeting');
  let times: { opensAt: Date | null; closesAt: Date | null };
  if (followsMeeting) {
    const meeting = (await listMeetings(db, network.id)).find((candidate) => candidate.id === form.meetingId);
    times = meeting ? meetingWindow(meeting.startsAt, network.timeZone) : { opensAt: form.opensAt, closesAt: form.closesAt };
  } else {
    times = timesOf(settings, network.timeZone);
  }
  await updateForm(db, form.id, { title: settings.title, intro: settings.intro, anonymous: settings.anonymous, timing: settings.timing, ...times });
}

export type FormLifecycleAction = 'publish' | 'unpublish' | 'close';

/** Publish (participants see it), unpublish (back to a draft), or close now (closing by hand sets closesAt = now). */
export async function changeFormState(db: Db, actor: Actor, formId: number, action: FormLifecycleAction, now = new Date()): Promise<void> {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  if (action === 'publish') await updateForm(db, form.id, { publishedAt: form.publishedAt ?? now });
  if (action === 'unpublish') await updateForm(db, form.id, { publishedAt: null });
  // Closing by hand stops the form following its meeting, or the next meeting change would open it again.
  if (action === 'close') await updateForm(db, form.id, { closesAt: now, timing: 'set' });
}

/** What deleting a form would take with it: shown on the confirmation. */
export async function formForDeletion(db: Db, actor: Actor, formId: number): Promise<{ form: FormRow; answers: number }> {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  return { form, answers: await countAllAnswers(db, form.id) };
}

/** Deletes a form, its questions and its answers; only after the leader confirmed on the page that says how many. */
export async function removeForm(db: Db, actor: Actor, formId: number, confirmed: boolean): Promise<void> {
  const { form } = await formForDeletion(db, actor, formId);
  if (!confirmed) throw new AppError(422, 'evaluation_delete_unconfirmed');
  await deleteForm(db, form.id);
}
