import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Db } from '../../db';
import { resolveLanguage, translator, type Translate } from '../../i18n';
import { assertAllowed, authorize, networkFor, type Actor } from '../../policies';
import { findAssignmentInNetwork, listAssignments } from '../../../models/assignments';
import { insertWalk, listFinalSubmissions, listStations, listWalksOfMeeting, replacePlan, replaceStations, updateWalk, type WalkRow } from '../../../models/gallery-walks';
import { countGroupsOfSlot, slotOf } from '../../../models/groups';
import { formDate, formInteger, recordId } from '../form-fields';
import { meetingInScope } from '../scope';
import { findNetworkById } from '../../../models/year';
import { walkInScope } from './scope';
import { stationAuthorKinds, stationsWithGroups, type ChosenStation } from './station-groups';
import { WalkFormError } from './walk-form-error';

export { ensureWalker, placeCheckedInWalker } from './walk-plan';

const checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean());
const idList = z.preprocess((value) => ([] as unknown[]).concat(value ?? []), z.array(recordId).max(500));

/** The set-up form: every presentation chosen is one station; rounds are the stations each participant visits. */
export const walkFormSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((value) => !/[<>]/.test(value), 'title_markup'),
    assignmentId: recordId,
    stations: z.enum(['all', 'chosen']),
    submissionIds: idList,
    stationAuthors: z.enum(stationAuthorKinds).default('person'),
    mode: z.enum(['live', 'open']),
    rounds: formInteger(1, 30),
    roundMinutes: formInteger(1, 120),
    opensOn: z.union([z.literal(''), formDate]).optional(),
    closesOn: z.union([z.literal(''), formDate]).optional(),
    prompts: z
      .string()
      .max(2000)
      .transform((value) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(200)).min(1).max(8)),
    anonymous: checkbox,
    notesVisible: checkbox,
    hideUntilPosted: checkbox,
    freeRoaming: checkbox,
  })
  .superRefine((form, ctx) => {
    if (form.stations === 'chosen' && !form.submissionIds.length) ctx.addIssue({ code: 'custom', path: ['submissionIds'], message: 'none_chosen' });
    if (form.mode === 'open') {
      if (!form.opensOn) ctx.addIssue({ code: 'custom', path: ['opensOn'], message: 'opensOn' });
      if (!form.closesOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'closesOn' });
      else if (form.opensOn && form.closesOn < form.opensOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'closes_before_opens' });
    }
  });
export type WalkForm = z.infer<typeof walkFormSchema>;

/** The routes catch it from here, beside the form it refuses. */
export { WalkFormError };

/** The prompts in the network's language: what works, what could be developed, a question to the author. */
export function defaultPrompts(t: Translate): string[] {
  return [t('gallerySetup.defaultPrompts.works'), t('gallerySetup.defaultPrompts.develop'), t('gallerySetup.defaultPrompts.question')];
}

/** The form as it first loads for a meeting: the meeting's own assignment if it has one, all its final decks. */
/**
 * The new-walk form as it loads: the meeting's assignment, all its final presentations, and as many rounds as
 * those stations allow (three at most), so that saving the form untouched makes a walk.
 */
export async function newWalkValues(db: Db, actor: Actor, meeting: { id: number; theme: string }) {
  const t = translator(resolveLanguage(actor.network?.language));
  const { assignments } = await setupChoices(db, actor, null);
  const assignment = assignments.find((candidate) => candidate.meetingId === meeting.id) ?? assignments[0];
  const stations = assignment ? (await listFinalSubmissions(db, assignment.id)).length : 0;
  return {
    title: t('gallerySetup.defaultTitle', { theme: meeting.theme }),
    assignmentId: assignment ? String(assignment.id) : '',
    stations: 'all',
    submissionIds: [] as string[],
    stationAuthors: 'person',
    mode: 'live',
    rounds: String(Math.max(1, Math.min(3, stations - 1))),
    roundMinutes: '8',
    opensOn: '',
    closesOn: '',
    prompts: defaultPrompts(t).join('\n'),
    anonymous: '',
    notesVisible: 'on',
    hideUntilPosted: '',
    freeRoaming: '',
  };
}

/** The stored walk as the form shows it for editing. */
export function walkFormValues(walk: WalkRow, submissionIds: number[], timeZone: string) {
  const day = (date: Date | null) => (date ? (DateTime.fromJSDate(date, { zone: timeZone }).toISODate() ?? '') : '');
  return {
    title: walk.title,
    assignmentId: String(walk.assignmentId),
    stations: 'chosen',
    submissionIds: submissionIds.map(String),
    stationAuthors: walk.stationAuthors,
    mode: walk.mode,
    rounds: String(walk.rounds),
    roundMinutes: String(walk.roundMinutes),
    opensOn: day(walk.opensAt),
    closesOn: day(walk.closesAt),
    prompts: walk.prompts.join('\n'),
    anonymous: walk.anonymous ? 'on' : '',
    notesVisible: walk.notesVisible ? 'on' : '',
    hideUntilPosted: walk.hideUntilPosted ? 'on' : '',
    freeRoaming: walk.freeRoaming ? 'on' : '',
  };
}

/**
 * What the set-up form offers: the network's assignments, the final decks of the one chosen, and how many
 * presentation groups (of that assignment) and conversation groups there are to stand at the stations.
 */
export async function setupChoices(db: Db, actor: Actor, assignmentId: number | null) {
  const networkId = networkFor(actor, 'gallery.manage');
  const assignments = await listAssignments(db, networkId);
  const assignment = assignments.find((candidate) => candidate.id === assignmentId);
  const presentations = assignment ? await listFinalSubmissions(db, assignment.id) : [];
  const [presentationGroups, conversationGroups] = await Promise.all([
    assignment ? countGroupsOfSlot(db, networkId, slotOf('presentation', assignment.id)) : 0,
    countGroupsOfSlot(db, networkId, slotOf('conversation', null)),
  ]);
  return { assignments, presentations, groupCounts: { presentationGroups, conversationGroups } };
}

/** The meeting a walk is set up for, checked to be in the actor's network. */
export async function meetingForSetup(db: Db, actor: Actor, meetingId: number) {
  assertAllowed(actor, 'gallery.manage');
  return meetingInScope(db, actor, meetingId);
}

async function chosenSubmissions(db: Db, networkId: number, form: WalkForm): Promise<ChosenStation[]> {
  const assignment = await findAssignmentInNetwork(db, networkId, form.assignmentId);
  if (!assignment) throw new WalkFormError('assignmentId', 'gallerySetup.errors.assignment_unknown');
  const finals = await listFinalSubmissions(db, assignment.id);
  let chosen = finals;
  if (form.stations === 'all') {
    if (!finals.length) throw new WalkFormError('submissionIds', 'gallerySetup.errors.no_finals');
  } else {
    const byId = new Map(finals.map((final) => [final.submissionId, final]));
    if (form.submissionIds.some((id) => !byId.has(id))) throw new WalkFormError('submissionIds', 'gallerySetup.errors.submission_unknown');
    chosen = [...new Set(form.submissionIds)].map((id) => byId.get(id)!);
  }
  return stationsWithGroups(db, { networkId, assignmentId: assignment.id, stationAuthors: form.stationAuthors }, chosen);
}

async function networkTimeZone(db: Db, networkId: number): Promise<string> {
  return (await findNetworkById(db, networkId))?.timeZone ?? 'UTC';
}

function checkRounds(form: WalkForm, stationCount: number): void {
  // Authors walk too, and nobody visits their own station: a station fewer than there are.
  if (form.mode === 'live' && form.rounds > stationCount - 1) {
    throw new WalkFormError('rounds', 'gallerySetup.errors.rounds_too_many');
  }
}

function storedFields(form: WalkForm, timeZone: string) {
  const at = (date: string | undefined, end: boolean) => {
    if (form.mode !== 'open' || !date) return null;
    const day = DateTime.fromISO(date, { zone: timeZone });
    return (end ? day.endOf('day') : day.startOf('day')).toJSDate();
  };
  return {
    title: form.title,
    assignmentId: form.assignmentId,
    mode: form.mode,
    rounds: form.rounds,
    roundMinutes: form.roundMinutes,
    prompts: form.prompts,
    anonymous: form.anonymous,
    notesVisible: form.notesVisible,
    hideUntilPosted: form.hideUntilPosted,
    freeRoaming: form.freeRoaming,
    stationAuthors: form.stationAuthors,
    opensAt: at(form.opensOn, false),
    closesAt: at(form.closesOn, true),
  };
}

/** A leader sets up a walk for a meeting: the walk and its stations, one per chosen presentation, as a draft. */
export async function createWalk(db: Db, actor: Actor, meetingId: number, form: WalkForm): Promise<WalkRow> {
  const networkId = networkFor(actor, 'gallery.manage');
  const meeting = await meetingInScope(db, actor, meetingId);
  const chosen = await chosenSubmissions(db, networkId, form);
  checkRounds(form, chosen.length);
  const timeZone = await networkTimeZone(db, networkId);
  return db.transaction(async (tx) => {
    const walk = await insertWalk(tx, { networkId, meetingId: meeting.id, ...storedFields(form, timeZone), createdByUserId: actor.user.id });
    await replaceStations(tx, walk.id, chosen);
    return walk;
  });
}

/**
 * Saves the edited set-up. Changing the stations or the rounds before the start clears the plan (it must be
 * made again for them); once the walk has started they stay as they are, for visitors are standing at them.
 */
export async function editWalk(db: Db, actor: Actor, walkId: number, form: WalkForm): Promise<WalkRow> {
  const networkId = networkFor(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  const chosen = await chosenSubmissions(db, networkId, form);
  checkRounds(form, chosen.length);
  // A station's group is part of the station: whoever may not visit it changes with it.
  const key = (station: ChosenStation) => `${station.submissionId}:${station.groupId ?? ''}`;
  const current = (await listStations(db, walk.id)).map((station) => key(station.station));
  const stationsChanged = current.length !== chosen.length || chosen.some((station) => !current.includes(key(station)));
  const planChanged = stationsChanged || form.rounds !== walk.rounds || form.mode !== walk.mode;
  if (walk.startedAt && planChanged) throw new WalkFormError(stationsChanged ? 'submissionIds' : 'rounds', 'gallerySetup.errors.started_locked');
  const timeZone = await networkTimeZone(db, networkId);
  return db.transaction(async (tx) => {
    if (stationsChanged) await replaceStations(tx, walk.id, chosen);
    if (planChanged) await replacePlan(tx, walk.id, [], []);
    const updated = await updateWalk(tx, walk.id, { ...storedFields(form, timeZone), ...(planChanged ? { planMadeAt: null } : {}) });
    return updated!;
  });
}

/** Participants see the walk from now on. */
export async function publishWalk(db: Db, actor: Actor, walkId: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  if (!walk.publishedAt) await updateWalk(db, walk.id, { publishedAt: now });
}

/** The walk for the set-up form, with its stations' submissions. */
export async function walkForEditing(db: Db, actor: Actor, walkId: number) {
  assertAllowed(actor, 'gallery.manage');
  const walk = await walkInScope(db, actor, walkId);
  const stations = await listStations(db, walk.id);
  return { walk, submissionIds: stations.map((station) => station.station.submissionId) };
}

/** The walks of a meeting for its page: leaders see drafts, participants only published ones. */
export async function walksOfMeeting(db: Db, actor: Actor, meetingId: number): Promise<WalkRow[]> {
  const meeting = await meetingInScope(db, actor, meetingId);
  const walks = await listWalksOfMeeting(db, meeting.networkId, meeting.id);
  return walks.filter((walk) => authorize(actor, 'gallery.read', { published: walk.publishedAt !== null }));
}

export type GalleryLanding = { to: 'walk' | 'console' | 'plan'; walkId: number } | { to: 'setup'; meetingId: number } | { to: 'none' };

/**
 * Where the Deep Linking item "Gallery walk" of a meeting lands: participants in the published walk, those who
 * run it at its console (or the set-up while there is none), anyone else on a page that says there is none yet.
 */
export async function galleryLanding(db: Db, actor: Actor, meetingId: number): Promise<GalleryLanding> {
  const walks = await walksOfMeeting(db, actor, meetingId);
  const walk = walks.at(-1);
  if (authorize(actor, 'gallery.facilitate')) {
    if (walk) return { to: walk.mode === 'live' ? 'console' : 'plan', walkId: walk.id };
    if (authorize(actor, 'gallery.manage')) return { to: 'setup', meetingId };
    return { to: 'none' };
  }
  return walk ? { to: 'walk', walkId: walk.id } : { to: 'none' };
}
