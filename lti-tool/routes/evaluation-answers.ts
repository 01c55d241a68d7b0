import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { parseId } from '../services/form-fields';
import { answerForm } from '../services/evaluations/answering';
import { answerPage } from '../services/evaluations/answer-page';
import { remindNonRespondents } from '../services/evaluations/reminders';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const answerPost = z.object({
  intent: z.enum(['save', 'submit']),
  version: z.string().regex(/^\d{1,9}$/).transform(Number),
});

/** Answering an evaluation form on a phone or in the course frame, and reminding those who have not answered. */
export function evaluationAnswerRoutes(deps: AppDeps): Router {
  const router = Router();
  const formPath = (res: Response, formId: number) => `${launchOf(res).base}/evaluations/${formId}`;

  async function show(res: Response, formId: number, kept?: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
    const launch = launchOf(res);
    const page = await answerPage(deps.db, launch, formId, { dataDir: deps.config.dataDir, publicUrl: deps.config.publicUrl, handle: launch.handle, offersPhoneLink: launch.offersNewWindow, kept });
    renderPage(res, 'evaluations/answer', { titleText: page.form.title, title: 'evaluationAnswers.title', ...page, errors }, status);
  }

  router.get('/evaluations/:formId(\\d+)', (req, res, next) => {
    show(res, parseId(req.params.formId)).catch(next);
  });

  router.post('/evaluations/:formId(\\d+)', (req, res, next) => {
    save(req, res).catch(next);
  });

  async function save(req: Request, res: Response) {
    const formId = parseId(req.params.formId);
    const fields = req.body as Record<string, unknown>;
    const parsed = answerPost.safeParse(fields);
    if (!parsed.success) {
      await show(res, formId, fields, { form: 'evaluationAnswers.problems.form' }, 400);
      return;
    }
    const outcome = await answerForm(deps.db, deps.config.dataDir, launchOf(res), formId, { ...parsed.data, fields });
    if (outcome.ok) {
      redirectDone(res, formPath(res, formId), outcome.submitted ? 'answer_submitted' : 'answer_saved');
      return;
    }
    // What was typed stays on the page; after a change on another device the page carries the newer version.
    if (outcome.reason === 'invalid') await show(res, formId, fields, { ...outcome.errors, form: 'evaluationAnswers.problems.summary' }, 422);
    else await show(res, formId, fields, { form: 'errors.evaluation_answer_changed.body' }, 409);
  }

  router.post('/evaluations/:formId(\\d+)/remind', (req, res, next) => {
    const formId = parseId(req.params.formId);
    remindNonRespondents(deps.db, { dataDir: deps.config.dataDir, mailEnabled: deps.config.mail !== null }, launchOf(res), formId).then(
      () => redirectDone(res, formPath(res, formId), 'reminders_queued'),
      next,
    );
  });

  return router;
}
