// Forms and answers written straight into the tables, so results, reports and the gradebook can be tested before
// (and apart from) the builder and the answering pages. Answers are keyed exactly as the tool keys them.
import type { Db } from '../../lti-tool/db';
import { answerKeyOf } from '../../lti-tool/services/evaluations/answer-key';
import { insertForm, insertQuestions, type FormRow, type QuestionRow } from '../../models/evaluations';
import { evaluationAnswers, type AnswerValue, type EvaluationKind, type QuestionKind } from '../../models/schema';

export interface SeedQuestion {
  kind: QuestionKind;
  text: string;
  key?: string;
  options?: string[];
  lowLabel?: string;
  highLabel?: string;
  required?: boolean;
}

export interface SeedForm {
  networkId: number;
  kind?: EvaluationKind;
  title?: string;
  anonymous?: boolean;
  published?: boolean;
  opensAt?: Date | null;
  closesAt?: Date | null;
  meetingId?: number | null;
  phase?: 'start' | 'end' | null;
  yearLabel?: string;
  templateKey?: string | null;
  questions: SeedQuestion[];
}

export async function seedForm(db: Db, seed: SeedForm): Promise<{ form: FormRow; questions: QuestionRow[] }> {
  const form = await insertForm(db, {
    networkId: seed.networkId,
    kind: seed.kind ?? 'custom',
    title: seed.title ?? 'Utvärdering',
    anonymous: seed.anonymous ?? true,
    publishedAt: seed.published === false ? null : new Date(Date.now() - 60_000),
    opensAt: seed.opensAt === undefined ? null : seed.opensAt,
    closesAt: seed.closesAt === undefined ? null : seed.closesAt,
    meetingId: seed.meetingId ?? null,
    phase: seed.phase ?? null,
    yearLabel: seed.yearLabel ?? '',
    templateKey: seed.templateKey ?? null,
  });
  const questions = await insertQuestions(
    db,
    seed.questions.map((question, position) => ({
      formId: form.id,
      position,
      key: question.key ?? `q${position + 1}`,
      kind: question.kind,
      text: question.text,
      options: question.options ?? [],
      lowLabel: question.lowLabel ?? '',
      highLabel: question.highLabel ?? '',
      required: question.required ?? false,
    })),
  );
  return { form, questions };
}

/**
 * A submitted answer as the answering service stores it: keyed by the data folder's key, no person and no time on
 * an anonymous form. `values` by question id.
 */
export async function seedAnswer(
  db: Db,
  dataDir: string,
  form: Pick<FormRow, 'id' | 'anonymous'>,
  userId: number,
  values: Record<number, AnswerValue>,
  options: { schoolId?: number | null; submitted?: boolean } = {},
): Promise<void> {
  const submitted = options.submitted ?? true;
  await db.insert(evaluationAnswers).values({
    key: answerKeyOf(dataDir, form.id, userId),
    formId: form.id,
    userId: form.anonymous ? null : userId,
    schoolId: options.schoolId ?? null,
    submitted,
    values: Object.fromEntries(Object.entries(values).map(([questionId, value]) => [questionId, value])),
    submittedAt: form.anonymous || !submitted ? null : new Date(),
  });
}
