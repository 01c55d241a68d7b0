// AGS line items (Moodle's ltiservice_gradebookservices lineitems and lineitem resources).
// Line item ids are Moodle's URLs: {url}/mod/lti/services.php/{context}/lineitems/{n}/lineitem?type_id={type}.
import type { Express, NextFunction, Request, Response } from 'express';
import type { TestPlatform } from './platform';
import {
  failureGate,
  grantOf,
  isNumeric,
  param,
  parseJson,
  rawBody,
  requireFormats,
  requireToken,
  serviceError,
} from './platform-http';
import { SCOPE, type LineItemRecord, type PlatformInternals, type ToolRegistration } from './platform-types';

export const AGS_FORMAT = {
  container: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  item: 'application/vnd.ims.lis.v2.lineitem+json',
} as const;

export const LINEITEMS_PATH = '/mod/lti/services.php/:contextId/lineitems';

export function mountAgsRoutes(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  const gate = failureGate(internals);
  const read = requireToken(internals, [SCOPE.lineItem, SCOPE.lineItemReadonly]);
  const write = requireToken(internals, [SCOPE.lineItem]);
  const typeOk = requireType(platform, false);
  const item = `${LINEITEMS_PATH}/:itemId/lineitem`;
  const forItem = requireFormats([AGS_FORMAT.item]);
  app.get(LINEITEMS_PATH, gate, requireFormats([AGS_FORMAT.container], false), read, typeOk, (req, res) =>
    listLineItems(platform, req, res),
  );
  app.post(LINEITEMS_PATH, gate, rawBody, forItem, write, typeOk, (req, res) => createLineItem(platform, internals, req, res));
  app.get(item, gate, forItem, read, typeOk, withItem(platform, (req, res, found) => sendItem(res, found)));
  app.put(item, gate, rawBody, forItem, write, typeOk, withItem(platform, updateLineItem));
  app.delete(item, gate, write, typeOk, withItem(platform, (_req, res, found) => deleteLineItem(platform, res, found)));
}

/** The tool behind the request's access token. */
export function toolOf(platform: TestPlatform, res: Response): ToolRegistration | undefined {
  const clientId = grantOf(res).clientId;
  return platform.tools.find((t) => t.clientId === clientId);
}

/**
 * Moodle checks the type_id query parameter against the token's tool (401 when they differ). Scores and
 * results without type_id go down Moodle's LTI 2 path, which refuses an LTI 1.3 tool with 403.
 */
export function requireType(platform: TestPlatform, typeIdRequired: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const typeId = param(req.query.type_id);
    const tool = toolOf(platform, res);
    if (!tool || (typeId !== '' && typeId !== tool.deploymentId)) return serviceError(req, res, 401);
    if (typeIdRequired && typeId === '') return serviceError(req, res, 403);
    next();
  };
}

function typeIdOf(item: LineItemRecord): string {
  return new URL(item.id).searchParams.get('type_id') ?? '';
}

/** Resolves :contextId/:itemId to a line item of the token's tool (404 unknown, 403 another tool's). */
export function withItem(
  platform: TestPlatform,
  handler: (req: Request, res: Response, item: LineItemRecord) => void,
) {
  return (req: Request, res: Response) => {
    const contextId = param(req.params.contextId);
    const path = `${platform.url}/mod/lti/services.php/${contextId}/lineitems/${param(req.params.itemId)}/lineitem`;
    const item = platform.lineItems.find((i) => i.contextId === contextId && i.id.split('?')[0] === path);
    if (!item) return serviceError(req, res, 404, `Not Found: Grade item ${param(req.params.itemId)} doesn't exist`);
    if (typeIdOf(item) !== toolOf(platform, res)?.deploymentId) return serviceError(req, res, 403, 'Line item does not exist.');
    handler(req, res, item);
  };
}

/** Moodle's item_for_json: resourceId and tag are '' when unset, resourceLinkId doubles as ltiLinkId. */
function itemJson(item: LineItemRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: item.id,
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    resourceId: item.resourceId ?? '',
    tag: item.tag ?? '',
  };
  if (item.resourceLinkId !== undefined) {
    json.resourceLinkId = item.resourceLinkId;
    json.ltiLinkId = item.resourceLinkId;
  }
  return json;
}

function listLineItems(platform: TestPlatform, req: Request, res: Response): void {
  const contextId = param(req.params.contextId);
  const typeId = toolOf(platform, res)?.deploymentId;
  const resourceId = param(req.query.resource_id);
  const linkId = param(req.query.resource_link_id) || param(req.query.lti_link_id);
  const tag = param(req.query.tag);
  const items = platform.lineItems.filter(
    (i) =>
      i.contextId === contextId &&
      typeIdOf(i) === typeId &&
      (resourceId === '' || i.resourceId === resourceId) &&
      (linkId === '' || i.resourceLinkId === linkId) &&
      (tag === '' || i.tag === tag),
  );
  const limit = Number(param(req.query.limit)) || 0;
  const from = Number(param(req.query.from)) || 0;
  const page = limit > 0 ? items.slice(from, from + limit) : items;
  if (limit > 0) res.setHeader('Link', lineItemsLinks(req, platform.url, items.length, limit, from));
  res.type(`${AGS_FORMAT.container}; charset=utf-8`).send(JSON.stringify(page.map(itemJson)));
}

/** Moodle writes this header with typographic quotes (rel=“next”): kept, since tools meet it for real. */
function lineItemsLinks(req: Request, url: string, total: number, limit: number, from: number): string {
  const base = new URL(`${url}${req.path}`);
  for (const key of ['resource_id', 'resource_link_id', 'tag', 'type_id']) {
    const value = param(req.query[key]);
    if (value !== '') base.searchParams.set(key, value);
  }
  base.searchParams.set('limit', String(limit));
  const at = (n: number) => {
    const u = new URL(base);
    u.searchParams.set('from', String(n));
    return `<${u.toString()}>`;
  };
  const links = [`${at(0)}; rel=“first”`];
  if (from > 0 && from < total) links.push(`${at(Math.max(from - limit, 0))}; rel=“prev”`);
  links.push(`${at(from)}; rel=“canonical”`);
  if (from + limit <= total - 1) links.push(`${at(from + limit)}; rel=“next”`);
  links.push(`${at(Math.max(total - limit + 1, 0))}; rel=“last”`);
  return links.join(', ');
}

function createLineItem(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response): void {
  const json = parseJson(req.body);
  if (!json || json.scoreMaximum == null || json.label == null) {
    return serviceError(req, res, 400, 'No label or Score Maximum');
  }
  if (!isNumeric(json.scoreMaximum)) return serviceError(req, res, 400);
  const contextId = param(req.params.contextId);
  const linkId = json.resourceLinkId ?? json.ltiLinkId;
  const item = addLineItem(platform, internals, {
    contextId,
    typeId: toolOf(platform, res)?.deploymentId ?? '',
    label: String(json.label),
    scoreMaximum: Number(json.scoreMaximum),
    resourceId: typeof json.resourceId === 'string' ? json.resourceId : undefined,
    tag: typeof json.tag === 'string' ? json.tag : undefined,
    resourceLinkId: linkId == null ? undefined : String(linkId),
  });
  // Moodle echoes the posted JSON with the new id, 201 Created.
  res.status(201).type(`${AGS_FORMAT.item}; charset=utf-8`).send(JSON.stringify({ ...json, id: item.id }));
}

/** Creates a line item (also used when a deep-linked item carries a lineItem). */
export function addLineItem(
  platform: TestPlatform,
  internals: PlatformInternals,
  spec: Omit<LineItemRecord, 'id'> & { typeId: string },
): LineItemRecord {
  const n = internals.nextLineItemId++;
  const { typeId, ...fields } = spec;
  const item: LineItemRecord = {
    ...fields,
    id: `${platform.url}/mod/lti/services.php/${spec.contextId}/lineitems/${n}/lineitem?type_id=${typeId}`,
  };
  for (const key of ['resourceId', 'tag', 'resourceLinkId'] as const) {
    if (item[key] === undefined) delete item[key];
  }
  platform.lineItems.push(item);
  return item;
}

function sendItem(res: Response, item: LineItemRecord): void {
  res.type(`${AGS_FORMAT.item}; charset=utf-8`).send(JSON.stringify(itemJson(item)));
}

function updateLineItem(req: Request, res: Response, item: LineItemRecord): void {
  const json = parseJson(req.body);
  if (!json || json.scoreMaximum == null || json.label == null || !isNumeric(json.scoreMaximum)) {
    return serviceError(req, res, 400);
  }
  item.label = String(json.label);
  item.scoreMaximum = Number(json.scoreMaximum);
  if (typeof json.resourceId === 'string') item.resourceId = json.resourceId;
  if (typeof json.tag === 'string') item.tag = json.tag;
  sendItem(res, item);
}

function deleteLineItem(platform: TestPlatform, res: Response, item: LineItemRecord): void {
  platform.lineItems.splice(platform.lineItems.indexOf(item), 1);
  res.status(204).end();
}
