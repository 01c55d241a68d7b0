import { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { LtiRuntime } from '../lti/provider';
import { assertAllowed } from '../policies';
import type { Db } from '../db';
import type { Translate } from '../i18n';
import { assignmentName } from '../i18n/assignment-name';
import { listMeetings } from '../../models/year';
import { listAssignments } from '../../models/assignments';
import { listFormsOfNetwork } from '../../models/evaluations';
import { assignmentResourceId, defaultProgressMaximum, progressResourceId } from './progress/line-items';
import { optionalFormInteger } from './form-fields';
import { coursePlacements, type DeepLinkingLaunch, type PlacementLaunch } from './deep-link-placements';

export type { DeepLinkingLaunch };
import type { ServiceDeps } from '../lti/service-client';

/** Something a leader can place in the course: a fixed page, or one of the network's meetings. */
export interface DeepLinkChoice {
  key: string;
  title: string;
  description: string;
  custom: Record<string, string>;
  graded: boolean;
  /** The gradebook column's resource id, for graded items. */
  resourceId?: string;
  /** The course already has this item (see deep-link-placements.ts): offered, never pre-ticked. */
  inCourse?: boolean;
}

/** The Deep Linking page: every choice marked with whether the course has it, and what to tick at first. */
export interface DeepLinkPage {
  choices: DeepLinkChoice[];
  /** Pre-ticked keys: the network home only when the course has nothing of the tool yet. */
  suggested: string[];
}

export const deepLinkSelectionSchema = z.object({
  items: z
    .union([z.string().max(40), z.array(z.string().max(40)).max(100)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string()).min(1)),
  progressMaximum: optionalFormInteger(1, 1000).transform((value) => value ?? defaultProgressMaximum),
});
export type DeepLinkSelection = z.infer<typeof deepLinkSelectionSchema>;

/** The choices for this network: the home page, the graded progress item, the programme, each meeting. */
export async function deepLinkChoices(db: Db, launch: DeepLinkingLaunch, t: Translate): Promise<DeepLinkChoice[]> {
  assertDeepLinkingLeader(launch);
  const fixed: DeepLinkChoice[] = (['home', 'progress', 'programme'] as const).map((kind) => ({
    key: kind,
    title: t(`deepLink.items.${kind}.title`),
    description: t(`deepLink.items.${kind}.description`),
    custom: { natverk_item: kind },
    graded: kind === 'progress',
    ...(kind === 'progress' ? { resourceId: progressResourceId } : {}),
  }));
  const meetingChoices = launch.network
    ? (await listMeetings(db, launch.network.id)).map((meeting) => ({
        key: `meeting:${meeting.id}`,
        title: `${t('year.meetingNumber', { number: meeting.number })}: ${meeting.theme}`,
        description: t('deepLink.items.meeting.description'),
        custom: { natverk_item: 'meeting', natverk_meeting: String(meeting.id) },
        graded: false,
      }))
    : [];
  // A meeting's gallery walk: its launch opens the walk for participants and the console for leaders.
  const galleryChoices = launch.network
    ? (await listMeetings(db, launch.network.id)).map((meeting) => ({
        key: `gallery:${meeting.id}`,
        title: t('gallerySetup.deepLink.title', { meeting: `${t('year.meetingNumber', { number: meeting.number })}: ${meeting.theme}` }),
        description: t('gallerySetup.deepLink.description'),
        custom: { natverk_item: 'gallery', natverk_meeting: String(meeting.id) },
        graded: false,
      }))
    : [];
  // Each assignment gets its own gradebook column: Moodle creates it from the item's lineItem.
  const assignmentChoices = launch.network
    ? (await listAssignments(db, launch.network.id)).map((assignment) => ({
        key: `assignment:${assignment.id}`,
        title: assignmentName(t, assignment),
        description: t('deepLink.items.assignment.description'),
        custom: { natverk_item: 'assignment', natverk_assignment: String(assignment.id) },
        graded: true,
        resourceId: assignmentResourceId(assignment.id),
      }))
    : [];
  // "My group": each participant's conversation group; leaders land on the groups page.
  const groupChoice: DeepLinkChoice = { key: 'myGroup', title: t('groups.deepLink.title'), description: t('groups.deepLink.description'), custom: { natverk_item: 'myGroup' }, graded: false };
  // "Network forum": the forums page of the network (announcements, discussion, the person's group forums).
  const forumChoice: DeepLinkChoice = { key: 'networkForum', title: t('forums.deepLink.title'), description: t('forums.deepLink.description'), custom: { natverk_item: 'networkForum' }, graded: false };
  // "Gradebook": for staff and leaders (the course shows it to them); it opens the gradebook of every participant.
  const gradebookChoice: DeepLinkChoice = { key: 'gradebook', title: t('gradebook.deepLink.title'), description: t('gradebook.deepLink.description'), custom: { natverk_item: 'gradebook' }, graded: false };
  const evaluationChoices = launch.network ? await evaluationChoicesOf(db, launch.network.id, t) : [];
  // "Network plan": the participants' plans for the continued work, and the leaders' list of them.
  const planChoice: DeepLinkChoice = { key: 'plans', title: t('evaluations.deepLink.plans.title'), description: t('evaluations.deepLink.plans.description'), custom: { natverk_item: 'plans' }, graded: false };
  return [...fixed, groupChoice, forumChoice, gradebookChoice, ...meetingChoices, ...galleryChoices, ...assignmentChoices, ...evaluationChoices, planChoice];
}

/**
 * The network's evaluations as items: each meeting's day evaluation, the annual evaluation, the self-assessments.
 * A launch of one opens that form (for participants, the answer page); its id is checked against the launch's
 * network there, like every id that comes from the platform.
 */
async function evaluationChoicesOf(db: Db, networkId: number, t: Translate): Promise<DeepLinkChoice[]> {
  const [forms, meetings] = await Promise.all([listFormsOfNetwork(db, networkId), listMeetings(db, networkId)]);
  const numberOf = new Map(meetings.map((meeting) => [meeting.id, meeting.number]));
  return forms.flatMap((form): DeepLinkChoice[] => {
    const title =
      form.kind === 'dayEvaluation' && form.meetingId && numberOf.has(form.meetingId)
        ? t('evaluations.deepLink.meeting.title', { number: numberOf.get(form.meetingId) })
        : form.kind === 'annual'
          ? [t('evaluations.deepLink.annual.title'), form.yearLabel].filter(Boolean).join(' ')
          : form.kind === 'selfAssessment'
            ? t(`evaluations.deepLink.self.title_${form.phase ?? 'start'}`)
            : undefined;
    if (!title) return [];
    const description = t(`evaluations.deepLink.${form.kind === 'dayEvaluation' ? 'meeting' : form.kind === 'annual' ? 'annual' : 'self'}.description`);
    return [{ key: `evaluation:${form.id}`, title, description, custom: { natverk_item: 'evaluation', natverk_form: String(form.id) }, graded: false }];
  });
}

/**
 * The choices with what the course already has. A second network home is what a pre-ticked home used to
 * add: so the home is suggested only on the course's first contact with the tool, and nothing else ever.
 */
export async function deepLinkPage(deps: ServiceDeps, launch: PlacementLaunch, t: Translate): Promise<DeepLinkPage> {
  const choices = await deepLinkChoices(deps.db, launch, t);
  const { placed, seenBefore } = await coursePlacements(deps, launch);
  const marked = choices.map((choice) => ({ ...choice, inCourse: placed.has(choice.key) }));
  return { choices: marked, suggested: seenBefore || placed.size > 0 ? [] : ['home'] };
}

/** The chosen items, only from this network's choices: keys the client made up are refused. */
export function chosenItems(choices: DeepLinkChoice[], selection: DeepLinkSelection): DeepLinkChoice[] {
  const byKey = new Map(choices.map((choice) => [choice.key, choice]));
  const chosen = selection.items.map((key) => byKey.get(key));
  if (chosen.some((choice) => !choice)) throw new AppError(422, 'deep_link_unknown_item');
  return chosen as DeepLinkChoice[];
}

export interface ContentItem {
  type: 'ltiResourceLink';
  title: string;
  text?: string;
  url: string;
  custom: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId: string; tag: string };
}

function assertDeepLinkingLeader(launch: DeepLinkingLaunch): void {
  if (launch.messageType !== 'LtiDeepLinkingRequest' || !launch.claims.deepLinkingSettings) throw new AppError(400, 'not_deep_linking');
  assertAllowed(launch, 'deepLink.create');
}

/** The content items for a selection. Each url is exactly a registered redirect URI; the item is in `custom`. */
export function contentItemsFor(config: Pick<Config, 'publicUrl'>, chosen: DeepLinkChoice[], progressMaximum: number): ContentItem[] {
  const url = `${config.publicUrl}/`;
  return chosen.map((choice) => {
    const item: ContentItem = { type: 'ltiResourceLink', title: choice.title, url, custom: choice.custom };
    if (choice.graded) item.lineItem = { scoreMaximum: progressMaximum, label: choice.title, resourceId: choice.resourceId ?? progressResourceId, tag: 'natverk' };
    return item;
  });
}

/** Where a launch of a placed item lands, from its `custom` parameters (the URL is the same for all). */
export function landingPathFor(custom: Record<string, unknown>): string {
  if (custom.natverk_item === 'programme') return 'year';
  if (custom.natverk_item === 'myGroup') return 'groups/mine';
  if (custom.natverk_item === 'networkForum') return 'forums';
  if (custom.natverk_item === 'gradebook') return 'gradebook';
  if (custom.natverk_item === 'assignment' && /^\d+$/.test(String(custom.natverk_assignment ?? ''))) return `assignments/${String(custom.natverk_assignment)}`;
  if (custom.natverk_item === 'meeting' && /^\d+$/.test(String(custom.natverk_meeting ?? ''))) return `meetings/${String(custom.natverk_meeting)}`;
  if (custom.natverk_item === 'gallery' && /^\d+$/.test(String(custom.natverk_meeting ?? ''))) return `gallery/meeting/${String(custom.natverk_meeting)}`;
  if (custom.natverk_item === 'evaluation' && /^[1-9]\d{0,9}$/.test(String(custom.natverk_form ?? ''))) return `evaluations/${String(custom.natverk_form)}`;
  if (custom.natverk_item === 'plans') return 'plans';
  return '';
}

/** Signs the LtiDeepLinkingResponse for the platform; returns where to post it and the JWT. */
export async function buildDeepLinkResponse(
  lti: LtiRuntime,
  launch: DeepLinkingLaunch,
  items: ContentItem[],
  message: string,
): Promise<{ returnUrl: string; jwt: string }> {
  assertDeepLinkingLeader(launch);
  const settings = launch.claims.deepLinkingSettings as { deep_link_return_url: string };
  const idtoken = {
    iss: launch.claims.issuer,
    clientId: launch.claims.clientId,
    deploymentId: launch.claims.ltiDeploymentId,
    platformContext: { deepLinkingSettings: settings },
  };
  // Not ltijs's errMessage option: it writes the claim name with a trailing space.
  const jwt = await lti.provider.DeepLinking.createDeepLinkingMessage(idtoken, items, { message });
  return { returnUrl: settings.deep_link_return_url, jwt };
}

export { assertDeepLinkingLeader };
