import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { authorize } from '../policies';
import {
  createGroup,
  createGroupSchema,
  groupsPageFor,
  memberChoiceSchema,
  moveMemberBetween,
  moveSchema,
  myGroupsFor,
  placeMember,
  removeGroup,
  removeMember,
  renameGroupOf,
  renameGroupSchema,
} from '../services/groups/groups';
import { confirmDraw, confirmDrawSchema, DrawStale, drawSchema, proposeDraw, type DrawInput } from '../services/groups/draw';
import { parseId } from '../services/form-fields';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

/** Conversation groups: the leaders' page (by hand, at random, mixed), a school leader's view, and "My group". */
export function groupRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  const showGroups = (res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    groupsPageFor(db, launchOf(res)).then((page) => renderPage(res, 'groups/list', { title: 'groups.title', page, errors: {}, values: {}, ...extra }, status));

  const showProposal = (res: Response, input: DrawInput, extra: Record<string, unknown> = {}, status = 200) =>
    proposeDraw(db, launchOf(res), input).then((proposal) => renderPage(res, 'groups/proposal', { title: 'groups.proposal.title', proposal, input, errors: {}, ...extra }, status));

  router.get('/groups', (_req, res, next) => {
    showGroups(res).catch(next);
  });

  router.get('/groups/mine', (_req, res, next) => {
    const launch = launchOf(res);
    // The "My group" item of a course opens the groups page for those who follow groups rather than belong to one.
    if (!authorize(launch, 'group.readOwn') && authorize(launch, 'group.list')) {
      res.redirect(303, `${launch.base}/groups`);
      return;
    }
    myGroupsFor(db, launchOf(res)).then((groups) => renderPage(res, 'groups/mine', { title: 'groups.mine.title', groups }), next);
  });

  router.post('/groups', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = createGroupSchema.safeParse(req.body);
    if (!parsed.success) {
      showGroups(res, { errors: fieldErrors(parsed.error, 'groups.errors'), values: req.body }, 422).catch(next);
      return;
    }
    createGroup(db, launch, parsed.data).then((group) => redirectDone(res, `${launch.base}/groups`, 'group_created', `group-${group.id}`), next);
  });

  router.post('/groups/draw', (req, res, next) => {
    const parsed = drawSchema.safeParse(req.body);
    if (!parsed.success) {
      showGroups(res, { errors: fieldErrors(parsed.error, 'groups.errors'), values: req.body }, 422).catch(next);
      return;
    }
    showProposal(res, parsed.data).catch(next);
  });

  router.post('/groups/draw/confirm', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = drawSchema.safeParse(req.body);
    const confirmation = confirmDrawSchema.safeParse(req.body);
    if (!parsed.success || !confirmation.success) {
      showGroups(res, { errors: parsed.success ? { form: 'groups.errors.stale' } : fieldErrors(parsed.error, 'groups.errors'), values: req.body }, 422).catch(next);
      return;
    }
    confirmDraw(db, launch, parsed.data, confirmation.data).then(
      () => redirectDone(res, `${launch.base}/groups`, 'groups_drawn'),
      (error: unknown) => {
        // The proposal is shown again rather than lost: a new one when things changed, the same with the question kept open.
        if (error instanceof DrawStale) showProposal(res, parsed.data, { errors: { form: 'groups.errors.stale' } }, 409).catch(next);
        else if (error instanceof AppError && error.code === 'groups_hand_made_kept') {
          showProposal(res, parsed.data, { errors: { replaceHandMade: 'groups.errors.replaceHandMade' } }, 422).catch(next);
        } else next(error);
      },
    );
  });

  router.post('/groups/:id/rename', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = renameGroupSchema.safeParse(req.body);
    if (!parsed.success) {
      showGroups(res, { errors: { [`name-${id}`]: 'groups.errors.name' }, values: { [`name-${id}`]: req.body?.name } }, 422).catch(next);
      return;
    }
    renameGroupOf(db, launch, id, parsed.data.name).then(() => redirectDone(res, `${launch.base}/groups`, 'group_renamed', `group-${id}`), next);
  });

  router.post('/groups/:id/delete', (req, res, next) => {
    const launch = launchOf(res);
    removeGroup(db, launch, parseId(req.params.id)).then(() => redirectDone(res, `${launch.base}/groups`, 'group_removed'), next);
  });

  router.post('/groups/:id/members', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = memberChoiceSchema.safeParse(req.body);
    if (!parsed.success) {
      showGroups(res, { errors: { [`add-${id}`]: 'groups.errors.person' } }, 422).catch(next);
      return;
    }
    placeMember(db, launch, id, parsed.data.userId).then(() => redirectDone(res, `${launch.base}/groups`, 'group_member_moved', `group-${id}`), next);
  });

  router.post('/groups/:id/members/:userId/move', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const userId = parseId(req.params.userId);
    const parsed = moveSchema.safeParse(req.body);
    if (!parsed.success) {
      showGroups(res, { errors: { [`move-${id}-${userId}`]: 'groups.errors.target' } }, 422).catch(next);
      return;
    }
    moveMemberBetween(db, launch, id, userId, parsed.data.toGroupId).then(
      () => redirectDone(res, `${launch.base}/groups`, 'group_member_moved', `group-${parsed.data.toGroupId}`),
      next,
    );
  });

  router.post('/groups/:id/members/:userId/remove', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    removeMember(db, launch, id, parseId(req.params.userId)).then(() => redirectDone(res, `${launch.base}/groups`, 'group_member_moved', `group-${id}`), next);
  });

  return router;
}
