// contentitem_return.php: receives the tool's LtiDeepLinkingResponse (form field JWT), checks it like
// Moodle (signature by the tool's JWKS, iss = client id, aud = platform) plus the echoed `data`, and
// creates the grade columns that deep-linked items with a lineItem ask for.
import type { Express, Request, Response } from 'express';
import { decodeJwt, type JWTPayload } from 'jose';
import type { TestPlatform } from './platform';
import { addLineItem } from './platform-ags';
import { DEFAULT_CONTEXT, objectClaim } from './platform-claims';
import { asyncHandler, formBody, param } from './platform-http';
import { verifyToolJwt } from './platform-jwt';
import { CLAIM, type PlatformInternals, type ToolRegistration } from './platform-types';

export function mountDeepLinkRoute(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  app.post(
    '/mod/lti/contentitem_return.php',
    formBody,
    asyncHandler((req, res) => handleReturn(platform, internals, req, res)),
  );
}

function refuse(res: Response, reason: string): void {
  res.status(400).type('text/plain; charset=utf-8').send(reason);
}

function issuerOf(jwt: string): string | undefined {
  try {
    return decodeJwt(jwt).iss;
  } catch {
    return undefined;
  }
}

async function handleReturn(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response) {
  const jwt = param((req.body as Record<string, unknown> | undefined)?.JWT);
  if (!jwt) return refuse(res, 'missing JWT form field');
  const tool = platform.tools.find((t) => t.clientId === issuerOf(jwt));
  if (!tool) return refuse(res, 'iss is not the client id of a registered tool');
  let payload: JWTPayload;
  try {
    payload = await verifyToolJwt(internals, tool, jwt, { issuer: tool.clientId, audience: platform.issuer });
  } catch (error) {
    return refuse(res, `JWT rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problem = responseProblem(internals, tool, payload);
  if (problem) return refuse(res, problem);

  const data = typeof payload[CLAIM.dlData] === 'string' ? (payload[CLAIM.dlData] as string) : undefined;
  const items: unknown = payload[CLAIM.dlContentItems];
  const contentItems = Array.isArray(items) ? (items as unknown[]) : [];
  platform.deepLinkResponses.push({ payload, contentItems, ...(data === undefined ? {} : { data }) });
  const contextId = (data && internals.deepLinkGrants.get(data)?.contextId) || DEFAULT_CONTEXT.id;
  placeGradedItems(platform, internals, tool, contextId, contentItems);
  res.type('text/plain; charset=utf-8').send('ok');
}

/** Why the response must be refused, or undefined. */
function responseProblem(internals: PlatformInternals, tool: ToolRegistration, payload: JWTPayload): string | undefined {
  if (typeof payload.nonce !== 'string' || payload.nonce === '') return 'nonce missing';
  if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse') return 'message_type is not LtiDeepLinkingResponse';
  if (payload[CLAIM.version] !== '1.3.0') return 'version is not 1.3.0';
  if (payload[CLAIM.deploymentId] !== tool.deploymentId) return 'deployment_id does not match the tool';
  const data = payload[CLAIM.dlData];
  if (data === undefined) {
    return internals.dataLessDeepLinks.has(tool.clientId) ? undefined : 'data missing: it must echo the request';
  }
  const grant = typeof data === 'string' ? internals.deepLinkGrants.get(data) : undefined;
  if (!grant || grant.clientId !== tool.clientId) return 'data does not match the deep linking request';
  return undefined;
}

/** Moodle creates an activity per ltiResourceLink and a grade column for one that carries a lineItem. */
function placeGradedItems(
  platform: TestPlatform,
  internals: PlatformInternals,
  tool: ToolRegistration,
  contextId: string,
  contentItems: unknown[],
): void {
  for (const raw of contentItems) {
    const item = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const lineItem = objectClaim(item, 'lineItem');
    if (item.type !== 'ltiResourceLink' || !lineItem) continue;
    addLineItem(platform, internals, {
      contextId,
      typeId: tool.deploymentId,
      label: String(lineItem.label ?? item.title ?? ''),
      scoreMaximum: Number(lineItem.scoreMaximum ?? 100),
      resourceId: typeof lineItem.resourceId === 'string' ? lineItem.resourceId : undefined,
      tag: typeof lineItem.tag === 'string' ? lineItem.tag : undefined,
      resourceLinkId: String(internals.nextResourceLinkId++),
    });
  }
}
