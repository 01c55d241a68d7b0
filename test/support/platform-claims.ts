// The claims a Moodle 4.5 puts in a launch, and the URLs of its LTI services.
// Values follow what Moodle sends (see /work/shared/MOODLE.md): Moodle user id as `sub`,
// course id as context id, activity instance id as resource_link id, type id as deployment id.
import { randomId } from './platform-jwt';
import {
  AGS_SCOPES,
  CLAIM,
  MEMBERSHIP_ROLE_PREFIX,
  MOODLE_VERSION,
  SCOPE,
  type LineItemRecord,
  type MessageType,
  type ToolRegistration,
} from './platform-types';

export const DEFAULT_CONTEXT = { id: '5', label: 'FL25', title: 'Förstelärarnätverket 2025/26' };
export const DEFAULT_RESOURCE_LINK = { id: '7', title: 'Nätverk' };
/** The launching user: an editing teacher, who gets only membership#Instructor in Moodle. */
export const DEFAULT_PERSON = {
  sub: '2',
  username: 'karin.lindqvist',
  given_name: 'Karin',
  family_name: 'Lindqvist',
  name: 'Karin Lindqvist',
  email: 'karin.lindqvist@skolan.example',
};

export interface ClaimsBase {
  url: string;
  lineItems: LineItemRecord[];
}

/** The ids the service URLs depend on; taken from a test's overridden claims so the URLs stay coherent. */
export interface LaunchIds {
  contextId: string;
  resourceLinkId: string;
  userId: string;
}

export const DEFAULT_IDS: LaunchIds = {
  contextId: DEFAULT_CONTEXT.id,
  resourceLinkId: DEFAULT_RESOURCE_LINK.id,
  userId: DEFAULT_PERSON.sub,
};

/** Moodle's service URLs for a context and tool type (the type id is the deployment id). */
export function serviceUrls(url: string, contextId: string, typeId: string) {
  return {
    lineItems: `${url}/mod/lti/services.php/${contextId}/lineitems?type_id=${typeId}`,
    memberships: `${url}/mod/lti/services.php/CourseSection/${contextId}/bindings/${typeId}/memberships`,
    deepLinkReturn: `${url}/mod/lti/contentitem_return.php?course=${contextId}&id=${typeId}`,
  };
}

function toolScopes(tool: ToolRegistration): string[] {
  return tool.scopes ?? [...AGS_SCOPES, SCOPE.nrps];
}

/** The AGS claim, with `lineitem` once the resource link has a line item (as Moodle does). */
function agsClaim(base: ClaimsBase, tool: ToolRegistration, contextId: string, resourceLinkId: string | undefined) {
  const scope = AGS_SCOPES.filter((s) => toolScopes(tool).includes(s));
  if (scope.length === 0) return undefined;
  const claim: Record<string, unknown> = {
    scope,
    lineitems: serviceUrls(base.url, contextId, tool.deploymentId).lineItems,
  };
  const item = base.lineItems.find(
    (i) => i.contextId === contextId && resourceLinkId !== undefined && i.resourceLinkId === resourceLinkId,
  );
  if (item) claim.lineitem = item.id;
  return claim;
}

function commonClaims(
  base: ClaimsBase,
  tool: ToolRegistration,
  messageType: MessageType,
  ids: LaunchIds,
): Record<string, unknown> {
  const host = new URL(base.url).hostname;
  return {
    [CLAIM.deploymentId]: tool.deploymentId,
    [CLAIM.targetLinkUri]:
      messageType === 'LtiDeepLinkingRequest' ? (tool.deepLinkUrl ?? tool.targetLinkUri) : tool.targetLinkUri,
    sub: DEFAULT_PERSON.sub,
    [CLAIM.lis]: { person_sourcedid: '', course_section_sourcedid: '' },
    [CLAIM.roles]: [`${MEMBERSHIP_ROLE_PREFIX}Instructor`],
    [CLAIM.context]: { ...DEFAULT_CONTEXT, type: ['CourseSection'] },
    given_name: DEFAULT_PERSON.given_name,
    family_name: DEFAULT_PERSON.family_name,
    name: DEFAULT_PERSON.name,
    [CLAIM.ext]: { user_username: DEFAULT_PERSON.username, lms: 'moodle-2' },
    email: DEFAULT_PERSON.email,
    [CLAIM.launchPresentation]: {
      locale: 'sv',
      document_target: 'iframe',
      return_url: `${base.url}/mod/lti/return.php?course=${ids.contextId}&launch_container=3&instanceid=${ids.resourceLinkId}`,
    },
    [CLAIM.toolPlatform]: {
      product_family_code: 'moodle',
      version: MOODLE_VERSION,
      guid: host,
      name: 'Skolans Moodle',
      description: 'Skolans Moodle',
    },
    [CLAIM.version]: '1.3.0',
    [CLAIM.messageType]: messageType,
  };
}

function resourceLinkClaims(base: ClaimsBase, tool: ToolRegistration, ids: LaunchIds): Record<string, unknown> {
  const memberships = serviceUrls(base.url, ids.contextId, tool.deploymentId).memberships;
  const withNrps = toolScopes(tool).includes(SCOPE.nrps);
  const claims: Record<string, unknown> = {
    [CLAIM.resourceLink]: { title: DEFAULT_RESOURCE_LINK.title, description: '', id: DEFAULT_RESOURCE_LINK.id },
    // The LTI 1.1 basic-outcome claim Moodle still sends.
    [CLAIM.basicOutcome]: {
      lis_result_sourcedid: JSON.stringify({
        data: { instanceid: ids.resourceLinkId, userid: ids.userId, typeid: tool.deploymentId },
        hash: randomId(32),
      }),
      lis_outcome_service_url: `${base.url}/mod/lti/service.php`,
    },
    [CLAIM.ags]: agsClaim(base, tool, ids.contextId, ids.resourceLinkId),
  };
  if (withNrps) {
    claims[CLAIM.nrps] = { context_memberships_url: memberships, service_versions: ['1.0', '2.0'] };
    claims[CLAIM.custom] = { context_memberships_url: memberships };
  }
  return claims;
}

/** Deep linking: no resource_link and no NRPS claim, but the AGS lineitems endpoint and the settings. */
function deepLinkingClaims(base: ClaimsBase, tool: ToolRegistration, ids: LaunchIds): Record<string, unknown> {
  return {
    [CLAIM.ags]: agsClaim(base, tool, ids.contextId, undefined),
    [CLAIM.dlSettings]: {
      deep_link_return_url: serviceUrls(base.url, ids.contextId, tool.deploymentId).deepLinkReturn,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      auto_create: true,
      title: '',
      text: '',
      data: randomId(24),
    },
  };
}

export function buildDefaultClaims(
  base: ClaimsBase,
  tool: ToolRegistration,
  messageType: MessageType,
  ids: LaunchIds = DEFAULT_IDS,
): Record<string, unknown> {
  const specific =
    messageType === 'LtiDeepLinkingRequest'
      ? deepLinkingClaims(base, tool, ids)
      : resourceLinkClaims(base, tool, ids);
  return applyOverrides({ ...commonClaims(base, tool, messageType, ids), ...specific }, {});
}

/** The ids a test chose through overridden claims (context, resource_link, sub), defaults otherwise. */
export function idsFromOverrides(overrides: Record<string, unknown> | undefined): LaunchIds {
  const o = overrides ?? {};
  const contextId = objectClaim(o, CLAIM.context)?.id;
  const resourceLinkId = objectClaim(o, CLAIM.resourceLink)?.id;
  return {
    contextId: typeof contextId === 'string' ? contextId : DEFAULT_IDS.contextId,
    resourceLinkId: typeof resourceLinkId === 'string' ? resourceLinkId : DEFAULT_IDS.resourceLinkId,
    userId: typeof o.sub === 'string' ? o.sub : DEFAULT_IDS.userId,
  };
}

/** Shallow merge; a key whose value is undefined is deleted (also drops undefined defaults). */
export function applyOverrides(
  claims: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...claims, ...overrides };
  for (const key of Object.keys(merged)) {
    if (merged[key] === undefined) delete merged[key];
  }
  return merged;
}

/** NRPS speaks short role names (Instructor, Learner) where id_tokens carry full URIs. */
export function shortRole(role: string): string {
  return role.startsWith(MEMBERSHIP_ROLE_PREFIX) ? role.slice(MEMBERSHIP_ROLE_PREFIX.length) : role;
}

/** Reads an object-valued claim, or undefined. */
export function objectClaim(claims: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = claims[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
