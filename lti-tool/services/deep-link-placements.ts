import { ServiceError, clientOf, serviceMediaTypes, serviceScopes, type ServiceDeps } from '../lti/service-client';
import type { Actor } from '../policies';
import type { LaunchClaims } from './launch';
import { courseSeenBefore, listKnownResourceIds, listLaunchedCustoms } from '../../models/deep-linking';
import { assignmentResourceId, progressResourceId } from './progress/line-items';

/** What the course already has of ours, by choice key, and whether the course has met the tool before. */
export interface CoursePlacements {
  placed: Set<string>;
  seenBefore: boolean;
}

/** A Deep Linking request's session: who asks, and the platform's settings for the answer. */
export interface DeepLinkingLaunch extends Actor {
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  claims: LaunchClaims;
}

/** A Deep Linking session, with its handle and its course's line items endpoint. */
export type PlacementLaunch = DeepLinkingLaunch & { handle: string; context?: { id: number; lineItemsUrl: string | null } | null };

// The same scopes as score sending, so the cached token serves both.
const agsScopes = [serviceScopes.lineItem, serviceScopes.score];
const numeric = (value: unknown): string | undefined => (/^\d+$/.test(String(value ?? '')) ? String(value) : undefined);

/** The choice key of a graded item's gradebook column. */
export function keyOfResourceId(resourceId: string): string | undefined {
  if (resourceId === progressResourceId) return 'progress';
  const assignment = /^natverk-assignment-(\d+)$/.exec(resourceId)?.[1];
  return assignment && assignmentResourceId(Number(assignment)) === resourceId ? `assignment:${assignment}` : undefined;
}

/** The choice key of a placed item, from its launch's `custom` (a link without ours opens the home page). */
export function keyOfCustom(custom: Record<string, unknown>): string | undefined {
  switch (custom.natverk_item) {
    case undefined:
    case 'home':
      return 'home';
    case 'progress':
    case 'programme':
    case 'myGroup':
    case 'networkForum':
    case 'gradebook':
    case 'plans':
      return custom.natverk_item;
    case 'evaluation':
      return numeric(custom.natverk_form) && `evaluation:${String(custom.natverk_form)}`;
    case 'meeting':
      return numeric(custom.natverk_meeting) && `meeting:${String(custom.natverk_meeting)}`;
    case 'gallery':
      return numeric(custom.natverk_meeting) && `gallery:${String(custom.natverk_meeting)}`;
    case 'assignment':
      return numeric(custom.natverk_assignment) && `assignment:${String(custom.natverk_assignment)}`;
    default:
      return undefined;
  }
}

/**
 * What the course already has, from the evidence there is (no record of past Deep Linking answers is kept):
 * - graded items: the platform's own gradebook columns at the request's line items endpoint. Moodle makes a
 *   column for each deep-linked item with a lineItem and removes it with the activity, so this is the truth;
 *   when the platform cannot be asked, the columns we recorded ourselves stand in.
 * - any item: resource-link launches from the course that are still recorded (a placed item someone opened).
 * An ungraded item placed but never opened leaves no trace: that is why nothing is pre-ticked once the
 * course has met the tool (see `seenBefore`).
 */
export async function coursePlacements(deps: ServiceDeps, launch: PlacementLaunch): Promise<CoursePlacements> {
  const contextId = launch.context?.id;
  if (contextId === undefined) return { placed: new Set(), seenBefore: false };
  const [resourceIds, customs, seenBefore] = await Promise.all([
    gradebookResourceIds(deps, launch, contextId),
    listLaunchedCustoms(deps.db, contextId),
    courseSeenBefore(deps.db, launch.handle),
  ]);
  const keys = [...resourceIds.map(keyOfResourceId), ...customs.map(keyOfCustom)];
  return { placed: new Set(keys.filter((key): key is string => key !== undefined)), seenBefore };
}

async function gradebookResourceIds(deps: ServiceDeps, launch: PlacementLaunch, contextId: number): Promise<string[]> {
  const url = launch.context?.lineItemsUrl;
  if (url) {
    try {
      const pages = await clientOf(deps).getPages(launch.claims, agsScopes, url, serviceMediaTypes.lineItemContainer);
      return pages
        .flatMap((page) => (Array.isArray(page) ? (page as unknown[]) : []))
        .flatMap((item) => (item && typeof item === 'object' && typeof (item as { resourceId?: unknown }).resourceId === 'string' ? [(item as { resourceId: string }).resourceId] : []));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
    }
  }
  return listKnownResourceIds(deps.db, contextId);
}
