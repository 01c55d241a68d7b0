import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { parseId } from '../services/form-fields';
import { evaluationsPage } from '../services/evaluations/list-page';
import { FieldRefusal, formSettingsSchema, questionKinds, questionSchema } from '../services/evaluations/form-fields';
import { assertMayBuild, changeFormState, createCustomForm, formForDeletion, makeFromTemplate, removeForm, saveFormSettings, templateKeys } from '../services/evaluations/forms';
import { addQuestion, formForEditing, moveQuestion, questionForEditing, removeQuestion, saveQuestion } from '../services/evaluations/form-edit';
import { templateLanguages } from '../services/evaluations/templates/types';
import { optionsMax } from '../services/evaluations/questions';

const templateChoice = z.object({ template: z.enum(templateKeys), language: z.enum(templateLanguages) });
const moveChoice = z.object({ direction: z.enum(['up', 'down']) });
const deleteChoice = z.object({ confirm: z.literal('yes').optional() });
const errorsPrefix = 'evaluations.errors';

/** A refusal beside its field (422) is shown on the form again with what was typed; anything else goes on. */
function onRefusal(show: (errors: Record<string, string>) => Promise<void>, next: (error: unknown) => void) {
  return (error: unknown) => {
    if (error instanceof FieldRefusal) show({ [error.field]: `${errorsPrefix}.${error.code}` }).catch(next);
    else next(error);
  };
}

/** The evaluation forms: the list for every role, and the leader's builder (settings, questions, templates, states). */
export function evaluationRoutes(deps: AppDeps): Router {
  const router = Router();
  const db = deps.db;

  router.get('/evaluations', (_req, res, next) => {
    const launch = launchOf(res);
    evaluationsPage(db, deps.config.dataDir, launch).then((page) => renderPage(res, 'evaluations/list', { title: 'evaluations.title', ...page }), next);
  });

  router.post('/evaluations/templates', (req, res, next) => {
    const launch = launchOf(res);
    const choice = templateChoice.safeParse(req.body);
    if (!choice.success) throw new AppError(400, 'evaluation_template_unknown');
    makeFromTemplate(db, launch, choice.data.template, choice.data.language).then(() => redirectDone(res, `${launch.base}/evaluations`, 'evaluation_templates_made'), next);
  });

  const showNew = async (res: Response, values: unknown, errors: Record<string, string>, status = 200) => {
    assertMayBuild(launchOf(res));
    renderPage(res, 'evaluations/new', { title: 'evaluations.new.title', values, errors }, status);
  };

  router.get('/evaluations/new', (_req, res, next) => {
    showNew(res, { title: '', intro: '', anonymous: true }, {}).catch(next);
  });

  router.post('/evaluations/new', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = formSettingsSchema.safeParse(req.body);
    if (!parsed.success) {
      showNew(res, req.body, fieldErrors(parsed.error, errorsPrefix), 422).catch(next);
      return;
    }
    createCustomForm(db, launch, parsed.data).then(
      (form) => redirectDone(res, `${launch.base}/evaluations/${form.id}/edit`, 'evaluation_saved'),
      onRefusal((errors) => showNew(res, req.body, errors, 422), next),
    );
  });

  const showEdit = async (res: Response, formId: number, values: unknown, errors: Record<string, string>, status = 200) => {
    const page = await formForEditing(db, launchOf(res), formId);
    renderPage(res, 'evaluations/edit', { titleText: page.form.title, ...page, values: values ?? page.settings, errors }, status);
  };

  router.get('/evaluations/:formId(\\d+)/edit', (req, res, next) => {
    showEdit(res, parseId(req.params.formId), undefined, {}).catch(next);
  });

  router.post('/evaluations/:formId(\\d+)/edit', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    const parsed = formSettingsSchema.safeParse(req.body);
    if (!parsed.success) {
      showEdit(res, formId, req.body, fieldErrors(parsed.error, errorsPrefix), 422).catch(next);
      return;
    }
    saveFormSettings(db, launch, formId, parsed.data).then(
      () => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, 'evaluation_saved'),
      onRefusal((errors) => showEdit(res, formId, req.body, errors, 422), next),
    );
  });

  const showQuestion = async (res: Response, formId: number, questionId: number | undefined, values: unknown, errors: Record<string, string>, status = 200) => {
    const launch = launchOf(res);
    const found = questionId === undefined ? { ...(await formForEditing(db, launch, formId)), question: undefined } : await questionForEditing(db, launch, formId, questionId);
    const question = found.question;
    const start = question ? { ...question, options: question.options.join('\n') } : { kind: 'scale', text: '', lowLabel: '', highLabel: '', options: '', required: false };
    renderPage(res, 'evaluations/question', { titleText: found.form.title, form: found.form, question, locked: found.locked, kinds: questionKinds, optionsMax, values: values ?? start, errors }, status);
  };

  router.get('/evaluations/:formId(\\d+)/questions/new', (req, res, next) => {
    showQuestion(res, parseId(req.params.formId), undefined, undefined, {}).catch(next);
  });

  router.post('/evaluations/:formId(\\d+)/questions', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    const parsed = questionSchema.safeParse(req.body);
    if (!parsed.success) {
      showQuestion(res, formId, undefined, req.body, fieldErrors(parsed.error, errorsPrefix), 422).catch(next);
      return;
    }
    addQuestion(db, launch, formId, parsed.data).then(() => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, 'question_saved', 'questions'), next);
  });

  router.get('/evaluations/:formId(\\d+)/questions/:questionId(\\d+)/edit', (req, res, next) => {
    showQuestion(res, parseId(req.params.formId), parseId(req.params.questionId), undefined, {}).catch(next);
  });

  router.post('/evaluations/:formId(\\d+)/questions/:questionId(\\d+)/edit', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    const questionId = parseId(req.params.questionId);
    const parsed = questionSchema.safeParse(req.body);
    const again = (errors: Record<string, string>) => showQuestion(res, formId, questionId, req.body, errors, 422);
    if (!parsed.success) {
      again(fieldErrors(parsed.error, errorsPrefix)).catch(next);
      return;
    }
    saveQuestion(db, launch, formId, questionId, parsed.data).then(() => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, 'question_saved', 'questions'), onRefusal(again, next));
  });

  router.post('/evaluations/:formId(\\d+)/questions/:questionId(\\d+)/move', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    const { direction } = moveChoice.parse(req.body);
    moveQuestion(db, launch, formId, parseId(req.params.questionId), direction).then(() => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, 'question_saved', 'questions'), next);
  });

  router.post('/evaluations/:formId(\\d+)/questions/:questionId(\\d+)/remove', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    removeQuestion(db, launch, formId, parseId(req.params.questionId)).then(() => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, 'question_removed', 'questions'), next);
  });

  const stateDone = { publish: 'evaluation_published', unpublish: 'evaluation_unpublished', close: 'evaluation_saved' } as const;
  for (const action of ['publish', 'unpublish', 'close'] as const) {
    router.post(`/evaluations/:formId(\\d+)/${action}`, (req, res, next) => {
      const launch = launchOf(res);
      const formId = parseId(req.params.formId);
      changeFormState(db, launch, formId, action).then(() => redirectDone(res, `${launch.base}/evaluations/${formId}/edit`, stateDone[action]), next);
    });
  }

  const showDelete = async (res: Response, formId: number, status = 200) => {
    const { form, answers } = await formForDeletion(db, launchOf(res), formId);
    renderPage(res, 'evaluations/delete', { titleText: form.title, form, answers, errors: status === 422 ? { confirm: `${errorsPrefix}.confirm_delete` } : {} }, status);
  };

  router.get('/evaluations/:formId(\\d+)/delete', (req, res, next) => {
    showDelete(res, parseId(req.params.formId)).catch(next);
  });

  router.post('/evaluations/:formId(\\d+)/delete', (req, res, next) => {
    const launch = launchOf(res);
    const formId = parseId(req.params.formId);
    const { confirm } = deleteChoice.parse(req.body);
    if (!confirm) {
      showDelete(res, formId, 422).catch(next);
      return;
    }
    removeForm(db, launch, formId, true).then(() => redirectDone(res, `${launch.base}/evaluations`, 'evaluation_removed'), next);
  });

  return router;
}
