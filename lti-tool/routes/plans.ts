import { Router, type Request, type Response } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { parseId } from '../services/form-fields';
import { groupPlanEditor, ownPlanEditor, saveGroupPlan, saveOwnPlan, type PlanEditor } from '../services/plans/plans';
import { planList } from '../services/plans/plan-list';
import { planPage } from '../services/plans/plan-page';
import { addPlanComment } from '../services/plans/comments';
import { networkPlanPdf } from '../services/plans/compile';
import { commentFormSchema, keptValues, planErrors, planFormSchema, planSectionKeys } from '../services/plans/sections';
import { attachmentHeader } from './http/downloads';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';

const fieldLabels = Object.fromEntries(planSectionKeys.map((key) => [key, `plans.sections.${key}.label`]));

/** The network plan (Nätverksplan och fortsatt samarbete): own and group plans, reading and comments, the compiled PDF. */
export function planRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  router.get('/plans', (_req, res, next) => {
    planList(db, launchOf(res)).then((list) => renderPage(res, 'plans/list', { title: 'plans.title', list }), next);
  });

  router.get('/plans/network.pdf', (_req, res, next) => {
    networkPlanPdf(db, launchOf(res)).then((pdf) => {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', attachmentHeader(pdf.fileName));
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(pdf.body);
    }, next);
  });

  /** The editor, with what was typed (and the version to save over) when a save was refused. */
  function showEditor(res: Response, editor: PlanEditor, kept: Record<string, string> | null, errors: Record<string, string> = {}, status = 200) {
    const values = kept ?? { ...editor.sections, version: String(editor.version) };
    const action = editor.whose.kind === 'own' ? '/plans/mine' : `/plans/group/${editor.whose.groupId}`;
    renderPage(res, 'plans/edit', { title: editor.whose.kind === 'own' ? 'plans.mine.title' : 'plans.group.title', editor, values, errors, fieldLabels, action, sectionKeys: planSectionKeys }, status);
  }

  async function saveFromForm(req: Request, res: Response, groupId: number | null) {
    const launch = launchOf(res);
    const load = () => (groupId === null ? ownPlanEditor(db, launch) : groupPlanEditor(db, launch, groupId));
    const kept = keptValues(req.body);
    const parsed = planFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showEditor(res, await load(), kept, planErrors(parsed.error), 422);
      return;
    }
    try {
      await (groupId === null ? saveOwnPlan(db, launch, parsed.data) : saveGroupPlan(db, launch, groupId, parsed.data));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'plan_changed_meanwhile') throw error;
      // Their text stays in the form, now over the newer version, so saving again is a choice made knowingly.
      const editor = await load();
      showEditor(res, editor, { ...kept, version: String(editor.version) }, { form: 'errors.plan_changed_meanwhile.body' }, 409);
      return;
    }
    redirectDone(res, `${launch.base}${groupId === null ? '/plans/mine' : `/plans/group/${groupId}`}`, 'plan_saved');
  }

  router.get('/plans/mine', (_req, res, next) => {
    ownPlanEditor(db, launchOf(res)).then((editor) => showEditor(res, editor, null), next);
  });

  router.post('/plans/mine', (req, res, next) => {
    saveFromForm(req, res, null).catch(next);
  });

  router.get('/plans/group/:groupId(\\d+)', (req, res, next) => {
    groupPlanEditor(db, launchOf(res), parseId(req.params.groupId)).then((editor) => showEditor(res, editor, null), next);
  });

  router.post('/plans/group/:groupId(\\d+)', (req, res, next) => {
    saveFromForm(req, res, parseId(req.params.groupId)).catch(next);
  });

  const showPlan = (res: Response, planId: number, values: Record<string, string> = {}, errors: Record<string, string> = {}, status = 200) =>
    planPage(db, launchOf(res), planId).then((page) => renderPage(res, 'plans/show', { title: 'plans.show.title', page, values, errors }, status));

  router.get('/plans/:planId(\\d+)', (req, res, next) => {
    showPlan(res, parseId(req.params.planId)).catch(next);
  });

  router.post('/plans/:planId(\\d+)/comments', (req, res, next) => {
    const launch = launchOf(res);
    const planId = parseId(req.params.planId);
    const parsed = commentFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showPlan(res, planId, keptValues(req.body), planErrors(parsed.error), 422).catch(next);
      return;
    }
    addPlanComment(db, launch, planId, parsed.data.body).then((commentId) => redirectDone(res, `${launch.base}/plans/${planId}`, 'plan_comment_saved', `comment-${commentId}`), next);
  });

  return router;
}
