import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { parseId, recordId } from '../services/form-fields';
import {
  createWalk,
  editWalk,
  galleryLanding,
  meetingForSetup,
  newWalkValues,
  publishWalk,
  setupChoices,
  walkForEditing,
  walkFormSchema,
  walkFormValues,
  WalkFormError,
} from '../services/gallery/walks';
import { makePlan, moveVisitor, PlanRefusal, swapStationsOf } from '../services/gallery/walk-plan';
import { planPage } from '../services/gallery/walk-run';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const moveSchema = z.object({ round: recordId, userId: recordId, stationId: recordId });
const swapSchema = z.object({ stationA: recordId, stationB: recordId });
type FormValues = Record<string, unknown>;

/** The leader's side of a gallery walk: set-up, publishing, the rotation plan; and where the Deep Linking item lands. */
export function gallerySetupRoutes(deps: AppDeps): Router {
  const router = Router();
  const db = deps.db;

  async function showForm(res: Response, target: { meetingId: number; walkId?: number }, values: FormValues, errors: Record<string, string>, status = 200, params: Record<string, unknown> = {}) {
    const launch = launchOf(res);
    const meeting = await meetingForSetup(db, launch, target.meetingId);
    const assignmentId = /^\d+$/.test(String(values.assignmentId ?? '')) ? Number(values.assignmentId) : null;
    const { assignments, presentations, groupCounts } = await setupChoices(db, launch, assignmentId);
    const title = target.walkId ? 'gallerySetup.editTitle' : 'gallerySetup.newTitle';
    renderPage(res, 'gallery/setup', { title, meeting, walkId: target.walkId ?? null, assignments, presentations, groupCounts, values, errors, errorParams: params }, status);
  }

  /** A refusal of the form: its fields' messages, the form shown again with what was typed. */
  function refuseForm(res: Response, target: { meetingId: number; walkId?: number }, body: FormValues, error: unknown): Promise<void> {
    if (error instanceof WalkFormError) return showForm(res, target, body, { [error.field]: error.key }, 422, error.params ?? {});
    throw error;
  }

  const submitted = (body: unknown): FormValues => {
    const form = { ...(body as FormValues) };
    form.submissionIds = ([] as unknown[]).concat(form.submissionIds ?? []).map(String);
    return form;
  };

  router.get('/meetings/:id/gallery/new', (req, res, next) => {
    const launch = launchOf(res);
    const meetingId = parseId(req.params.id);
    (async () => {
      const meeting = await meetingForSetup(db, launch, meetingId);
      await showForm(res, { meetingId }, await newWalkValues(db, launch, meeting), {});
    })().catch(next);
  });

  router.post('/meetings/:id/gallery', (req, res, next) => {
    const launch = launchOf(res);
    const meetingId = parseId(req.params.id);
    const body = submitted(req.body);
    const parsed = walkFormSchema.safeParse(body);
    if (body.reload || !parsed.success) {
      showForm(res, { meetingId }, body, parsed.success || body.reload ? {} : fieldErrors(parsed.error, 'gallerySetup.errors'), body.reload ? 200 : 422).catch(next);
      return;
    }
    createWalk(db, launch, meetingId, parsed.data).then(
      (walk) => redirectDone(res, `${launch.base}/gallery/${walk.id}/plan`, 'gallery_walk_saved'),
      (error: unknown) => refuseForm(res, { meetingId }, body, error).catch(next),
    );
  });

  router.get('/gallery/:walkId/edit', (req, res, next) => {
    const launch = launchOf(res);
    walkForEditing(db, launch, parseId(req.params.walkId))
      .then(({ walk, submissionIds }) => showForm(res, { meetingId: walk.meetingId ?? 0, walkId: walk.id }, walkFormValues(walk, submissionIds, launch.network?.timeZone ?? 'UTC'), {}))
      .catch(next);
  });

  router.post('/gallery/:walkId/edit', (req, res, next) => {
    const launch = launchOf(res);
    const body = submitted(req.body);
    (async () => {
      const { walk } = await walkForEditing(db, launch, parseId(req.params.walkId));
      const target = { meetingId: walk.meetingId ?? 0, walkId: walk.id };
      const parsed = walkFormSchema.safeParse(body);
      if (body.reload || !parsed.success) {
        await showForm(res, target, body, parsed.success || body.reload ? {} : fieldErrors(parsed.error, 'gallerySetup.errors'), body.reload ? 200 : 422);
        return;
      }
      try {
        await editWalk(db, launch, walk.id, parsed.data);
      } catch (error) {
        await refuseForm(res, target, body, error);
        return;
      }
      redirectDone(res, `${launch.base}/gallery/${walk.id}/plan`, 'gallery_walk_saved');
    })().catch(next);
  });

  router.post('/gallery/:walkId/publish', (req, res, next) => {
    const launch = launchOf(res);
    const walkId = parseId(req.params.walkId);
    publishWalk(db, launch, walkId).then(() => redirectDone(res, `${launch.base}/gallery/${walkId}/plan`, 'gallery_walk_published'), next);
  });

  async function showPlan(res: Response, walkId: number, refusal: PlanRefusal | null = null) {
    const launch = launchOf(res);
    const page = await planPage(db, launch, walkId);
    renderPage(res, 'gallery/plan', { titleText: page.walk.title, ...page, refusal: refusal ? { key: refusal.detail, params: refusal.params ?? {} } : null }, refusal ? 422 : 200);
  }

  router.get('/gallery/:walkId/plan', (req, res, next) => {
    showPlan(res, parseId(req.params.walkId)).catch(next);
  });

  /** Each plan change answers with the plan again: the refusal said on it, or a redirect with the confirmation. */
  const planChange = (path: string, change: (res: Response, walkId: number, body: unknown) => Promise<void>, done: 'gallery_plan_made' | 'gallery_plan_changed') => {
    router.post(`/gallery/:walkId/plan${path}`, (req, res, next) => {
      const launch = launchOf(res);
      const walkId = parseId(req.params.walkId);
      change(res, walkId, req.body).then(
        () => redirectDone(res, `${launch.base}/gallery/${walkId}/plan`, done, 'plan'),
        (error: unknown) => (error instanceof PlanRefusal ? showPlan(res, walkId, error).catch(next) : next(error)),
      );
    });
  };
  planChange('', (res, walkId) => makePlan(db, launchOf(res), walkId), 'gallery_plan_made');
  planChange('/move', (res, walkId, body) => moveVisitor(db, launchOf(res), walkId, moveSchema.parse(body)), 'gallery_plan_changed');
  planChange(
    '/swap',
    (res, walkId, body) => {
      const { stationA, stationB } = swapSchema.parse(body);
      return swapStationsOf(db, launchOf(res), walkId, [stationA, stationB]);
    },
    'gallery_plan_changed',
  );

  router.get('/gallery/meeting/:meetingId', (req, res, next) => {
    const launch = launchOf(res);
    const meetingId = parseId(req.params.meetingId);
    galleryLanding(db, launch, meetingId).then((landing) => {
      if (landing.to === 'none') renderPage(res, 'gallery/none', { title: 'gallerySetup.landing.none', meetingId });
      else if (landing.to === 'setup') res.redirect(303, `${launch.base}/meetings/${landing.meetingId}/gallery/new`);
      else if (landing.to === 'walk') res.redirect(303, `${launch.base}/gallery/${landing.walkId}`);
      else res.redirect(303, `${launch.base}/gallery/${landing.walkId}/${landing.to}`);
    }, next);
  });
  return router;
}
