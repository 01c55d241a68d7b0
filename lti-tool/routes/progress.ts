import { Router, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { forbidden } from '../errors';
import { authorize } from '../policies';
import { parseId } from '../services/form-fields';
import { addExemption, exemptionSchema, removeExemption } from '../services/progress/exemptions';
import { ownProgress, progressOf, type ProgressPage } from '../services/progress/pages';
import { completionFormSchema, completionSettingsFor, saveCompletionSettings, type CompletionValues } from '../services/progress/settings';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';

/** A participant's progress (their own, or for staff, leaders and their school leader), exemptions, and the leader's completion rule. */
export function progressRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;
  const showProgress = (res: Response, page: ProgressPage, form: { values: Record<string, unknown>; errors: Record<string, string> } = { values: {}, errors: {} }, status = 200) =>
    renderPage(res, 'progress/participant', { ...(page.isOwn ? { title: 'progress.title' } : { titleText: page.participant.name ?? '' }), page, values: form.values, errors: form.errors }, status);

  router.get('/progress', (_req, res, next) => {
    ownProgress(db, launchOf(res)).then((page) => showProgress(res, page), next);
  });
  router.get('/progress/:userId', (req, res, next) => {
    progressOf(db, launchOf(res), parseId(req.params.userId)).then((page) => showProgress(res, page), next);
  });
  router.post('/progress/:userId/exemptions', (req, res, next) => {
    const launch = launchOf(res);
    const userId = parseId(req.params.userId);
    const parsed = exemptionSchema.safeParse(req.body);
    if (!parsed.success) {
      // Only a leader has the form; anyone else gets the refusal, not the form's errors.
      if (!authorize(launch, 'completion.manage')) {
        next(forbidden('completion.manage'));
        return;
      }
      const errors = fieldErrors(parsed.error, 'progress.errors');
      progressOf(db, launch, userId).then((page) => showProgress(res, page, { values: req.body as Record<string, unknown>, errors }, 422), next);
      return;
    }
    addExemption(db, launch, userId, parsed.data).then(() => redirectDone(res, `${launch.base}/progress/${userId}`, 'exemption_saved', 'exemptions'), next);
  });
  router.post('/progress/:userId/exemptions/:id/remove', (req, res, next) => {
    const launch = launchOf(res);
    const userId = parseId(req.params.userId);
    removeExemption(db, launch, userId, parseId(req.params.id)).then(() => redirectDone(res, `${launch.base}/progress/${userId}`, 'exemption_removed', 'exemptions'), next);
  });

  const showCompletion = (res: Response, values: CompletionValues | Record<string, unknown> | null, errors: Record<string, string>, status = 200) =>
    completionSettingsFor(db, launchOf(res)).then((page) => renderPage(res, 'progress/completion', { title: 'progress.completion.title', page, values: values ?? page.values, errors }, status));
  router.get('/completion', (_req, res, next) => {
    showCompletion(res, null, {}).catch(next);
  });
  router.post('/completion', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = completionFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showCompletion(res, req.body as Record<string, unknown>, fieldErrors(parsed.error, 'progress.completion.errors'), 422).catch(next);
      return;
    }
    saveCompletionSettings(db, launch, parsed.data).then(() => redirectDone(res, `${launch.base}/completion`, 'completion_saved'), next);
  });
  return router;
}
