import { Router, type Request, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { parseId } from '../services/form-fields';
import { gradingList, gradingLines, nextToGrade } from '../services/grading/grading-list';
import { formValuesOf, gradingPage } from '../services/grading/grade-page';
import { parseGradeForm } from '../services/grading/grade-form';
import { releaseAllGraded, releaseGrade, saveGrade, unreleaseGrade } from '../services/grading/save-grade';
import { assignmentInScope, gradingSetUpFor, saveGradingSetUp, setUpFormSchema, setUpFormValues, setUpPage } from '../services/grading/setup';
import { addPhrase, commentBankPage, phraseSchema, removePhrase } from '../services/grading/comment-bank';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const bodyOf = (req: Request) => req.body as Record<string, unknown>;
const versionOf = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined);

/** Grading a submission beside its slides: the assignment's grading list and set-up, the grading page, release, the comment bank. */
export function gradingRoutes(deps: AppDeps): Router {
  const router = Router();
  const gradingPath = (res: Response, assignmentId: number, userId?: number) => `${launchOf(res).base}/assignments/${assignmentId}/grading${userId === undefined ? '' : `/${userId}`}`;

  router.get('/assignments/:assignmentId/grading', (req, res, next) => {
    gradingList(deps.db, launchOf(res), parseId(req.params.assignmentId), String(req.query.state ?? 'all'))
      .then((list) => renderPage(res, 'grading/list', { title: 'grading.title', ...list }))
      .catch(next);
  });

  router.post('/assignments/:assignmentId/grading/release', (req, res, next) => {
    const id = parseId(req.params.assignmentId);
    releaseAllGraded(deps.db, launchOf(res), id).then(() => redirectDone(res, gradingPath(res, id), 'grades_released'), next);
  });

  async function showSetUp(res: Response, id: number, values: Record<string, unknown> | undefined, errors: Record<string, string>, status = 200) {
    const page = await setUpPage(deps.db, launchOf(res), id);
    renderPage(res, 'grading/setup', { title: 'grading.setup.title', ...page, form: setUpFormValues(page.setUp, values ?? null), errors }, status);
  }

  router.get('/assignments/:assignmentId/grading/setup', (req, res, next) => {
    showSetUp(res, parseId(req.params.assignmentId), undefined, {}).catch(next);
  });

  router.post('/assignments/:assignmentId/grading/setup', (req, res, next) => {
    const id = parseId(req.params.assignmentId);
    const parsed = setUpFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showSetUp(res, id, bodyOf(req), fieldErrors(parsed.error, 'grading.setup.errors'), 422).catch(next);
      return;
    }
    saveGradingSetUp(deps.db, launchOf(res), id, parsed.data).then(() => redirectDone(res, gradingPath(res, id), 'grading_setup_saved'), next);
  });

  async function showGradingPage(res: Response, assignmentId: number, userId: number, values: Record<string, string> | null, errors: Record<string, string>, status = 200) {
    const page = await gradingPage(deps.db, launchOf(res), assignmentId, userId);
    renderPage(
      res,
      'grading/grade',
      { titleText: page.participant.name ?? undefined, title: 'grading.title', scripts: ['slide-viewer.js', 'comment-bank.js'], ...page, values: values ?? formValuesOf(page.grade), errors },
      status,
    );
  }

  router.get('/assignments/:assignmentId/grading/:userId', (req, res, next) => {
    showGradingPage(res, parseId(req.params.assignmentId), parseId(req.params.userId), null, {}).catch(next);
  });

  router.post('/assignments/:assignmentId/grading/:userId', (req, res, next) => {
    saveFromForm(req, res).catch(next);
  });

  async function saveFromForm(req: Request, res: Response) {
    const launch = launchOf(res);
    const assignmentId = parseId(req.params.assignmentId);
    const userId = parseId(req.params.userId);
    const body = bodyOf(req);
    const kept = Object.fromEntries(Object.entries(body).filter(([key, value]) => key !== '_csrf' && typeof value === 'string')) as Record<string, string>;
    const setUp = await gradingSetUpFor(deps.db, await assignmentInScope(deps.db, launch, assignmentId));
    const parsed = parseGradeForm(setUp, body);
    if (parsed.errors) {
      await showGradingPage(res, assignmentId, userId, kept, parsed.errors, 422);
      return;
    }
    try {
      await saveGrade(deps.db, launch, assignmentId, userId, parsed.form);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'grade_changed_meanwhile') throw error;
      // Their text stays on the page; the form now names the newer version, so saving again is a choice made knowingly.
      const page = await gradingPage(deps.db, launch, assignmentId, userId);
      await showGradingPage(res, assignmentId, userId, { ...kept, version: page.grade ? String(page.grade.version) : '' }, { form: 'errors.grade_changed_meanwhile.body' }, 409);
      return;
    }
    if (parsed.form.intent !== 'next') {
      redirectDone(res, gradingPath(res, assignmentId, userId), 'grade_saved');
      return;
    }
    const next = nextToGrade((await gradingLines(deps.db, launch, assignmentId)).lines, userId);
    redirectDone(res, next === null ? gradingPath(res, assignmentId) : gradingPath(res, assignmentId, next), 'grade_saved_next');
  }

  router.post('/assignments/:assignmentId/grading/:userId/release', (req, res, next) => {
    const [assignmentId, userId] = [parseId(req.params.assignmentId), parseId(req.params.userId)];
    releaseGrade(deps.db, launchOf(res), assignmentId, userId, versionOf(bodyOf(req).version)).then(() => redirectDone(res, gradingPath(res, assignmentId, userId), 'grades_released'), next);
  });

  router.post('/assignments/:assignmentId/grading/:userId/unrelease', (req, res, next) => {
    const [assignmentId, userId] = [parseId(req.params.assignmentId), parseId(req.params.userId)];
    unreleaseGrade(deps.db, launchOf(res), assignmentId, userId, versionOf(bodyOf(req).version)).then(() => redirectDone(res, gradingPath(res, assignmentId, userId), 'grade_unreleased'), next);
  });

  // The comment bank: its own page to look over and prune; the grading page adds to it and comes back.
  const backTo = (res: Response, value: unknown) => {
    const base = launchOf(res).base;
    return typeof value === 'string' && /^\/assignments\/\d+\/grading\/\d+$/.test(value) ? `${base}${value}` : `${base}/comment-bank`;
  };

  router.get('/comment-bank', (_req, res, next) => {
    commentBankPage(deps.db, launchOf(res))
      .then((bank) => renderPage(res, 'grading/comment-bank', { title: 'grading.bank.title', bank, values: {}, errors: {} }))
      .catch(next);
  });

  router.post('/comment-bank', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = phraseSchema.safeParse(req.body);
    if (!parsed.success) {
      commentBankPage(deps.db, launch)
        .then((bank) => renderPage(res, 'grading/comment-bank', { title: 'grading.bank.title', bank, values: bodyOf(req), errors: fieldErrors(parsed.error, 'grading.bank.errors') }, 422))
        .catch(next);
      return;
    }
    addPhrase(deps.db, launch, parsed.data.text).then(() => redirectDone(res, backTo(res, bodyOf(req).back), 'comment_bank_saved', 'comment-bank'), next);
  });

  router.post('/comment-bank/:id/remove', (req, res, next) => {
    removePhrase(deps.db, launchOf(res), parseId(req.params.id)).then(() => redirectDone(res, backTo(res, bodyOf(req).back), 'comment_bank_removed', 'comment-bank'), next);
  });

  return router;
}
