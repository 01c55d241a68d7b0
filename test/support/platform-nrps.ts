// NRPS context memberships (Moodle's ltiservice_memberships): short role names, paging with
// ?limit=&from= and a Link rel="next" header, `role` filter.
import type { Express, Request, Response } from 'express';
import type { TestPlatform } from './platform';
import { toolOf } from './platform-ags';
import { shortRole } from './platform-claims';
import { failureGate, param, requireFormats, requireToken, serviceError } from './platform-http';
import { SCOPE, type MemberRecord, type PlatformInternals } from './platform-types';

const NRPS_FORMAT = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const LIS_FORMAT = 'application/vnd.ims.lis.v2.membershipcontainer+json';

export function mountNrpsRoutes(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  const handlers = [
    failureGate(internals),
    requireFormats([NRPS_FORMAT, LIS_FORMAT]),
    requireToken(internals, [SCOPE.nrps]),
    (req: Request, res: Response) => {
      platform.nrpsRequests++;
      if (platform.nrpsDelayMs > 0) setTimeout(() => memberships(platform, internals, req, res), platform.nrpsDelayMs);
      else memberships(platform, internals, req, res);
    },
  ];
  // Moodle's template is /{context_type}/{context_id}/bindings/{tool_code}/memberships (tool code = type id);
  // the form without a tool code is accepted too for convenience.
  app.get('/mod/lti/services.php/CourseSection/:contextId/bindings/:toolCode/memberships', ...handlers);
  app.get('/mod/lti/services.php/CourseSection/:contextId/bindings/memberships', ...handlers);
}

/** Moodle's role filter: Instructor = can manage activities, Learner = everyone else. */
function roleFilter(role: string): (m: MemberRecord) => boolean {
  const wanted = shortRole(role);
  const isInstructor = (m: MemberRecord) => m.roles.map(shortRole).includes('Instructor');
  if (wanted === 'Instructor') return isInstructor;
  if (wanted === 'Learner') return (m) => !isInstructor(m);
  return () => true;
}

/** Member JSON in Moodle's field order; names and email only when known (the tool shares them). */
function memberJson(m: MemberRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    status: m.status ?? 'Active',
    roles: m.roles.map(shortRole),
    user_id: m.user_id,
    lis_person_sourcedid: '',
  };
  for (const key of ['name', 'given_name', 'family_name', 'email'] as const) {
    if (m[key] !== undefined) json[key] = m[key];
  }
  return json;
}

function memberships(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response): void {
  const contextId = param(req.params.contextId);
  const toolCode = param(req.params.toolCode);
  if (toolCode !== '' && toolCode !== toolOf(platform, res)?.deploymentId) return serviceError(req, res, 403);
  const all = platform.members.get(contextId);
  if (!all) return serviceError(req, res, 404);
  const members = all.filter(roleFilter(param(req.query.role)));
  const requested = Number(param(req.query.limit)) || 0;
  const limit = requested > 0 ? requested : platform.nrpsPageSize;
  const from = requested > 0 ? Number(param(req.query.from)) || 0 : 0;
  const page = limit > 0 ? members.slice(from, from + limit) : members;
  const endpoint = `${platform.url}${req.path}`;
  if (limit > 0 && from + limit < members.length) {
    res.setHeader('Link', `<${endpoint}?limit=${limit}&from=${from + limit}>; rel="next"`);
  }
  const context = internals.contexts.get(contextId) ?? { label: '', title: '' };
  res.type(`${NRPS_FORMAT}; charset=utf-8`).send(
    JSON.stringify({ id: endpoint, context: { id: contextId, ...context }, members: page.map(memberJson) }),
  );
}
