import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db';
import type { Language } from '../../i18n';
import { primaryRole, toolRoles, type ToolRole } from '../../lti/roles';
import { authorize, type Actor } from '../../policies';
import { liveSession, type LaunchClaims } from '../../services/launch';
import { menteesFor } from '../../services/people';
import type { ContextRow, NetworkRow, UserRow } from '../../services/launch';

export interface NavItem {
  href: string;
  label: string;
  key: string;
}

/** Who is asking, from which launch: what every page and service call is checked against. */
export interface LaunchContext extends Actor {
  handle: string;
  base: string;
  lang: Language;
  user: UserRow;
  roles: ToolRole[];
  role: ToolRole | 'guest';
  platformId: number;
  deploymentRowId: number;
  context?: ContextRow;
  network?: NetworkRow;
  claims: LaunchClaims;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  documentTarget: string | null;
  csrfToken: string;
  nav: NavItem[];
  /** Whether pages offer "open in a new window": in an iframe, and not inside a Deep Linking dialog. */
  offersNewWindow: boolean;
}

export const sessionCookieName = (handle: string) => `nv_${handle}`;
export const sessionPath = (handle: string) => `/l/${handle}`;

export async function loadLaunchContext(db: Db, handle: string, secret: string | undefined, now = new Date()): Promise<LaunchContext> {
  const found = await liveSession(db, handle, secret, now);
  const { session, user } = found;
  const context = found.context ?? undefined;
  const network = found.network ?? undefined;
  // In a course the member's network role decides, read on every request so a leader's change applies at once;
  // the session's own roles (the LTI snapshot) only count for a launch without a course.
  const roles = (found.memberRoles ?? session.roles).filter((role): role is ToolRole => (toolRoles as readonly string[]).includes(role));
  const base = sessionPath(handle);
  const claims = session.launch as LaunchClaims;
  const placed = { user, roles, network: network ?? null, context: context ?? null };
  const mentees = await menteesFor(db, placed, { platformId: session.platformId, roleScopeMentor: claims.roleScopeMentor });
  const actor: Actor = { ...placed, mentees, sessionEndsAt: session.endsAt };
  return {
    ...actor,
    handle,
    base,
    lang: session.locale as Language,
    user,
    roles,
    role: primaryRole(roles),
    platformId: session.platformId,
    deploymentRowId: session.deploymentId,
    context,
    network,
    claims,
    messageType: session.messageType,
    documentTarget: session.documentTarget,
    csrfToken: csrfTokenFor(found.secret),
    // Moodle shows the Deep Linking page in its own dialog: nothing there may lead away from choosing.
    nav: session.messageType === 'LtiDeepLinkingRequest' ? [] : navigation(base, actor),
    offersNewWindow: session.documentTarget === 'iframe' && session.messageType !== 'LtiDeepLinkingRequest',
  };
}

function navigation(base: string, actor: Actor): NavItem[] {
  if (!actor.network || !authorize(actor, 'year.read')) return [];
  const items: NavItem[] = [
    { key: 'home', href: `${base}/`, label: 'nav.home' },
    { key: 'year', href: `${base}/year`, label: 'nav.year' },
    { key: 'assignments', href: `${base}/assignments`, label: 'nav.assignments' },
  ];
  if (authorize(actor, 'roster.read')) items.push({ key: 'roster', href: `${base}/roster`, label: 'nav.roster' });
  if (authorize(actor, 'gradebook.read')) items.push({ key: 'gradebook', href: `${base}/gradebook`, label: 'gradebook.nav' });
  if (authorize(actor, 'certificate.issue')) items.push({ key: 'certificates', href: `${base}/certificates`, label: 'certificates.title' });
  if (authorize(actor, 'progress.readOwn')) items.push({ key: 'progress', href: `${base}/progress`, label: 'progress.nav' });
  items.push({ key: 'evaluations', href: `${base}/evaluations`, label: 'evaluations.nav' });
  if (authorize(actor, 'plan.list') || authorize(actor, 'evaluation.answer')) items.push({ key: 'plans', href: `${base}/plans`, label: 'plans.nav' });
  if (authorize(actor, 'schoolLeader.followTeachers')) items.push({ key: 'myTeachers', href: `${base}/my-teachers`, label: 'people.myTeachers.nav' });
  if (authorize(actor, 'school.chooseOwn')) items.push({ key: 'mySchool', href: `${base}/my-school`, label: 'people.mySchool.nav' });
  if (authorize(actor, 'group.list')) items.push({ key: 'groups', href: `${base}/groups`, label: 'groups.nav' });
  if (authorize(actor, 'group.readOwn')) items.push({ key: 'myGroup', href: `${base}/groups/mine`, label: 'groups.mine.nav' });
  items.push({ key: 'forums', href: `${base}/forums`, label: 'forums.nav' });
  if (authorize(actor, 'search.run')) items.push({ key: 'search', href: `${base}/search`, label: 'search.nav' });
  items.push({ key: 'notifications', href: `${base}/notifications`, label: 'notifications.nav' });
  if (authorize(actor, 'settings.edit')) items.push({ key: 'settings', href: `${base}/settings`, label: 'nav.settings' });
  return items;
}

/** Forms carry this token; a cross-site page cannot know it because it derives from the cookie secret. */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('csrf').digest('base64url');
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const launchOf = (res: { locals: Record<string, unknown> }): LaunchContext => res.locals.launch as LaunchContext;
