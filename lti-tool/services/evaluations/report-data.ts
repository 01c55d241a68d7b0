import type { Db } from '../../db';
import { notFound } from '../../errors';
import { assertAllowed, contextOf, networkOf, type Actor } from '../../policies';
import { listParticipantsWithSchools, listQuestionsOfForms, listSubmittedAnswersOfForms, type FormRow } from '../../../models/evaluations';
import { listSchools } from '../../../models/people';
import { findNetworkById, type NetworkRow } from '../../../models/year';
import type { Question } from './questions';
import { tallyAnswers, tallyBySchool, type FormTally } from './tally';

/** One form as the PDF and the CSV report it: the form, its questions, the network's tally and (when allowed) per school. */
export interface FormReport {
  form: FormRow;
  questions: Question[];
  /** Participants asked to answer (the network's active participants). */
  asked: number;
  tally: FormTally;
  /** Null when any school's group is under the threshold (see tallyBySchool); a school of null is "other schools". */
  bySchool: Array<{ schoolId: number | null; name: string | null; tally: FormTally }> | null;
}

export interface ReportScope {
  network: NetworkRow;
}

/** The export check and the actor's network, before any form id is looked at (so a participant gets 403, not 404). */
export async function reportScopeOf(db: Db, actor: Actor): Promise<ReportScope> {
  assertAllowed(actor, 'evaluation.export');
  const networkId = networkOf(actor);
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  return { network };
}

/**
 * The reports of these forms (all of one network): the questions in one query, the answers one query per form
 * (bounded by the forms, never by the answers' people), tallied by the one tally that keeps the threshold.
 */
export async function loadFormReports(db: Db, actor: Actor, forms: readonly FormRow[]): Promise<FormReport[]> {
  const networkId = networkOf(actor);
  const [questionRows, participants, schools, answersOf] = await Promise.all([
    listQuestionsOfForms(
      db,
      forms.map((form) => form.id),
    ),
    listParticipantsWithSchools(db, contextOf(actor)),
    listSchools(db, networkId),
    listSubmittedAnswersOfForms(
      db,
      forms.map((form) => form.id),
    ),
  ]);
  const schoolName = new Map(schools.map((school) => [school.id, school.name]));
  return forms.map((form) => {
    const questions: Question[] = questionRows.filter((row) => row.formId === form.id);
    const answers = answersOf.filter((answer) => answer.formId === form.id);
    const options = { anonymous: form.anonymous };
    const bySchool = tallyBySchool(questions, answers, options);
    return {
      form,
      questions,
      asked: participants.length,
      tally: tallyAnswers(
        questions,
        answers.map((answer) => answer.values),
        options,
      ),
      bySchool: bySchool && bySchool.length > 1 ? bySchool.map((group) => ({ ...group, name: group.schoolId === null ? null : (schoolName.get(group.schoolId) ?? null) })) : null,
    };
  });
}
