import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { listPublishedFormsNotClosed } from '../../../models/evaluations';
import type { TodoItem } from '../todo-item';
import { ownAnswerStates } from './respondents';
import { formStateOf } from './form-state';

/** A participant's Start: "Evaluation of … is open — answer by …" for each open form they have not submitted. */
export async function openEvaluationItems(db: Db, dataDir: string, actor: Actor, now: Date): Promise<TodoItem[]> {
  if (!actor.network || !authorize(actor, 'evaluation.answer')) return [];
  const open = (await listPublishedFormsNotClosed(db, actor.network.id, now)).filter((form) => formStateOf(form, now) === 'open');
  const mine = await ownAnswerStates(db, dataDir, actor.user.id, open.map((form) => form.id));
  const items: TodoItem[] = [];
  for (const form of open) {
    if (mine.get(form.id) === 'submitted') continue;
    items.push({
      text: 'evaluationOpen',
      key: form.closesAt ? 'evaluationAnswers.todo' : 'evaluationAnswers.todoOpen',
      values: { title: form.title },
      href: `/evaluations/${form.id}`,
      at: form.closesAt ?? undefined,
    });
  }
  return items;
}
