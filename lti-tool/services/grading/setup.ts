import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db';
import { translator, resolveLanguage } from '../../i18n';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import type { AssignmentRow } from '../../../models/assignments';
import { findAssignmentGrading, saveAssignmentGrading } from '../../../models/grading';
import { findAssignmentInNetwork } from '../../../models/assignments';
import { findNetworkById } from '../../../models/year';
import { gradeScales, type GradingCriterion } from '../../../models/schema';
import { notFound } from '../../errors';
import { scaleSetUpOf, type GradingSetUp } from './scale';

type AssignmentFacts = Pick<AssignmentRow, 'id' | 'networkId' | 'guidingQuestions'>;

/**
 * The criteria an assignment is graded by until the leader sets them: one per guiding-question heading (the
 * presentation is built on them), then the link to teaching and pupils' learning and the sources cited that
 * the notes pages are asked for; without guiding questions, the three every presentation here is read for.
 */
export function defaultCriteria(assignment: AssignmentFacts, language: string): GradingCriterion[] {
  const t = translator(resolveLanguage(language));
  const fixed = (id: 'teaching' | 'role' | 'sources'): GradingCriterion => ({ id, title: t(`grading.defaults.${id}`), description: t(`grading.defaults.${id}Description`) });
  if (assignment.guidingQuestions.length === 0) return [fixed('teaching'), fixed('role'), fixed('sources')];
  const fromQuestions = assignment.guidingQuestions.map((section, index) => ({ id: `q${index + 1}`, title: section.heading, description: section.questions.join(' ') }));
  return [...fromQuestions, fixed('teaching'), fixed('sources')];
}

/**
 * How an assignment is graded: the leader's set-up, or the defaults (pass / complete again, criteria from the
 * guiding questions, in the network's language). Everybody reads the set-up through this.
 */
export async function gradingSetUpFor(db: Db, assignment: AssignmentFacts): Promise<GradingSetUp> {
  const row = await findAssignmentGrading(db, assignment.id);
  if (row) return { ...scaleSetUpOf(assignment.id, row), criteria: row.criteria, doubleMarking: row.doubleMarking };
  const language = (await findNetworkById(db, assignment.networkId))?.language ?? 'sv';
  return { ...scaleSetUpOf(assignment.id, null), criteria: defaultCriteria(assignment, language) };
}

/** The set-up as far as scores and completion need it: the scale, without criteria. */
export async function loadScaleSetUp(db: Db, assignmentId: number): Promise<GradingSetUp> {
  return scaleSetUpOf(assignmentId, await findAssignmentGrading(db, assignmentId));
}

/** The assignment of the actor's network (any state, leaders' and graders' view), or 404. */
export async function assignmentInScope(db: Db, actor: Actor, assignmentId: number): Promise<AssignmentRow> {
  const assignment = await findAssignmentInNetwork(db, networkOf(actor), assignmentId);
  if (!assignment) throw notFound(`assignment ${assignmentId} is not in this network`);
  return assignment;
}

const many = z.union([z.string(), z.array(z.string())]).optional().transform((value) => (value === undefined ? [] : ([] as string[]).concat(value)));
const number = z.string().trim().regex(/^(\d{1,5}([.,]\d{1,2})?)?$/, 'number_format').transform((value) => (value === '' ? null : Number(value.replace(',', '.'))));

/**
 * The set-up form: the scale, and the criteria as parallel lists (id, title, description, position, removed);
 * an empty row is a criterion not added. Messages are keys under grading.setup.errors.
 */
export const setUpFormSchema = z
  .object({
    scale: z.enum(gradeScales, { message: 'scale' }),
    maxPoints: number.optional().transform((value) => value ?? null),
    passPoints: number.optional().transform((value) => value ?? null),
    doubleMarking: z.string().optional().transform((value) => value === 'on'),
    criterionId: many,
    criterionTitle: many,
    criterionDescription: many,
    criterionPosition: many,
    criterionRemove: many,
  })
  .transform((form, context) => {
    const rows = form.criterionTitle.map((title, index) => ({
      id: (form.criterionId[index] ?? '').trim(),
      title: title.trim(),
      description: (form.criterionDescription[index] ?? '').trim(),
      position: Number(form.criterionPosition[index] ?? index + 1) || index + 1,
      index,
    }));
    const kept = rows.filter((row) => !(row.id && form.criterionRemove.includes(row.id)) && (row.title || row.description));
    if (kept.some((row) => !row.title)) context.addIssue({ code: 'custom', path: ['criteria'], message: 'criterion_title' });
    if (kept.some((row) => row.title.length > 200 || row.description.length > 2000)) context.addIssue({ code: 'custom', path: ['criteria'], message: 'criterion_length' });
    if (kept.length === 0) context.addIssue({ code: 'custom', path: ['criteria'], message: 'criteria_none' });
    if (kept.length > 20) context.addIssue({ code: 'custom', path: ['criteria'], message: 'criteria_many' });
    if (form.scale === 'points') {
      if (form.maxPoints === null || form.maxPoints <= 0) context.addIssue({ code: 'custom', path: ['maxPoints'], message: 'max_points' });
      else if (form.passPoints !== null && form.passPoints > form.maxPoints) context.addIssue({ code: 'custom', path: ['passPoints'], message: 'pass_points' });
    }
    // Ids stay as they were (judgements point at them); a new row, or a forged or repeated id, gets a new one.
    const used = new Set<string>();
    const criteria: GradingCriterion[] = kept
      .sort((a, b) => a.position - b.position || a.index - b.index)
      .map((row) => {
        const id = /^[a-z0-9-]{1,40}$/.test(row.id) && !used.has(row.id) ? row.id : `c-${randomBytes(4).toString('hex')}`;
        used.add(id);
        return { id, title: row.title, description: row.description };
      });
    const points = form.scale === 'points';
    return { scale: form.scale, maxPoints: points ? form.maxPoints : null, passPoints: points ? form.passPoints : null, doubleMarking: form.doubleMarking, criteria };
  });

export type SetUpForm = z.infer<typeof setUpFormSchema>;

/** The set-up page: the assignment and its current set-up (defaults included). */
export async function setUpPage(db: Db, actor: Actor, assignmentId: number) {
  assertAllowed(actor, 'grading.setUp');
  const assignment = await assignmentInScope(db, actor, assignmentId);
  return { assignment, setUp: await gradingSetUpFor(db, assignment) };
}


/** The leader saves how the assignment is graded. */
export async function saveGradingSetUp(db: Db, actor: Actor, assignmentId: number, form: SetUpForm): Promise<void> {
  assertAllowed(actor, 'grading.setUp');
  const assignment = await assignmentInScope(db, actor, assignmentId);
  await saveAssignmentGrading(db, assignment.id, form);
}

/** What the set-up form shows: the saved set-up, or the refused post's own values; always two empty rows to add criteria. */
export function setUpFormValues(setUp: GradingSetUp, body: Record<string, unknown> | null) {
  const list = (name: string) => ([] as unknown[]).concat(body?.[name] ?? []).map(String);
  const criteria = body
    ? list('criterionTitle').map((title, index) => ({ id: list('criterionId')[index] ?? '', title, description: list('criterionDescription')[index] ?? '', removed: list('criterionRemove').includes(list('criterionId')[index] ?? '\u0000') }))
    : setUp.criteria.map((criterion) => ({ ...criterion, removed: false }));
  const filled = criteria.filter((row) => row.id || row.title || row.description);
  return {
    scale: body ? String(body.scale ?? '') : setUp.scale,
    maxPoints: body ? String(body.maxPoints ?? '') : (setUp.maxPoints?.toString() ?? ''),
    passPoints: body ? String(body.passPoints ?? '') : (setUp.passPoints?.toString() ?? ''),
    doubleMarking: body ? body.doubleMarking === 'on' : setUp.doubleMarking,
    criteria: [...filled, { id: '', title: '', description: '', removed: false }, { id: '', title: '', description: '', removed: false }],
  };
}
