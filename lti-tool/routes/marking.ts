import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { allocateGrader, allocationFormSchema, allocationsPageFor, removeAllocation } from '../services/grading/allocations';
import { agreeGrade, markingSetUpFor, parseMarkForm, reopenMark, saveMark } from '../services/grading/double-marking';
import { markingPanelFor } from '../services/grading/marking-panel';
import { parseId } from '../services/form-fields';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const intentSchema = z.object({ intent: z.enum(['save', 'submit']).default('save') });
const versionSchema = z.object({ version: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/)]).default('') });

/**
 * Graders' allocation (leaders) and blind double marking: each marker's own mark, reopening it, and the third
 * grader's agreement. The panel lives on the grading page (part B); `/marks` shows it on a page of its own.
 */
export function markingRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  const showAllocations = (res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    allocationsPageFor(db, launchOf(res)).then((page) => renderPage(res, 'marking/allocations', { title: 'marking.allocations.title', page, values: {}, ...extra }, status));

  router.get('/grading/allocations', (_req, res, next) => {
    showAllocations(res).catch(next);
  });

  router.post('/grading/allocations', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = allocationFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showAllocations(res, { errors: fieldErrors(parsed.error, 'marking.allocations.errors'), values: req.body }, 422).catch(next);
      return;
    }
    allocateGrader(db, launch, parsed.data).then(() => redirectDone(res, `${launch.base}/grading/allocations`, 'allocation_saved'), next);
  });

  router.post('/grading/allocations/:allocationId/delete', (req, res, next) => {
    const launch = launchOf(res);
    removeAllocation(db, launch, parseId(req.params.allocationId)).then(() => redirectDone(res, `${launch.base}/grading/allocations`, 'allocation_removed'), next);
  });

  const ids = (req: Request) => ({ assignmentId: parseId(req.params.assignmentId), participantId: parseId(req.params.userId) });
  // Back to the grading page (part B) unless the form came from the panel's own page.
  const backTo = (req: Request, res: Response) => {
    const { assignmentId, participantId } = ids(req);
    const page = `${launchOf(res).base}/assignments/${assignmentId}/grading/${participantId}`;
    return req.body?.back === 'marks' ? `${page}/marks` : page;
  };

  const showPanel = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const { assignmentId, participantId } = ids(req);
    const marking = await markingPanelFor(db, launchOf(res), assignmentId, participantId);
    renderPage(res, 'marking/marks', { title: 'marking.title', marking, ...extra }, status);
  };

  router.get('/assignments/:assignmentId/grading/:userId/marks', (req, res, next) => {
    showPanel(req, res).catch(next);
  });

  router.post('/assignments/:assignmentId/grading/:userId/mark', (req, res, next) => {
    const launch = launchOf(res);
    const { assignmentId, participantId } = ids(req);
    const submit = intentSchema.safeParse(req.body).data?.intent === 'submit';
    (async () => {
      const setUp = await markingSetUpFor(db, launch, assignmentId, participantId);
      const parsed = parseMarkForm(setUp, req.body ?? {}, submit);
      if (!parsed.ok) return showPanel(req, res, { errors: parsed.errors, kept: { form: 'mark', values: req.body } }, 422);
      const done = await saveMark(db, launch, assignmentId, participantId, parsed.value, submit);
      redirectDone(res, backTo(req, res), done, 'marking');
    })().catch(next);
  });

  router.post('/assignments/:assignmentId/grading/:userId/mark/reopen', (req, res, next) => {
    const { assignmentId, participantId } = ids(req);
    reopenMark(db, launchOf(res), assignmentId, participantId).then(() => redirectDone(res, backTo(req, res), 'mark_saved', 'marking'), next);
  });

  router.post('/assignments/:assignmentId/grading/:userId/agree', (req, res, next) => {
    const launch = launchOf(res);
    const { assignmentId, participantId } = ids(req);
    (async () => {
      const setUp = await markingSetUpFor(db, launch, assignmentId, participantId);
      const parsed = parseMarkForm(setUp, req.body ?? {}, true);
      if (!parsed.ok) return showPanel(req, res, { errors: parsed.errors, kept: { form: 'agree', values: req.body } }, 422);
      const version = versionSchema.safeParse(req.body).data?.version ?? '';
      await agreeGrade(db, launch, assignmentId, participantId, parsed.value, version === '' ? null : Number(version));
      redirectDone(res, backTo(req, res), 'grade_agreed', 'marking');
    })().catch(next);
  });

  return router;
}
