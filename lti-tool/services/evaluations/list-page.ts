import type { Db } from '../../db';
import { authorize, contextOf, networkOf, type Actor } from '../../policies';
import { countSubmittedAnswers, listFormsOfNetwork, listParticipantsWithSchools, type FormRow } from '../../../models/evaluations';
import { listMeetings } from '../../../models/year';
import { ownAnswerStates } from './respondents';
import { formStateOf, type FormState } from './form-state';
import { templateKeys } from './forms';
import { templateLanguages } from './templates/types';

export interface ListedForm {
  id: number;
  title: string;
  kind: FormRow['kind'];
  state: FormState;
  opensAt: Date | null;
  closesAt: Date | null;
  anonymous: boolean;
  meetingNumber?: number;
  /** Leaders and staff: submitted answers and how many participants are asked. */
  answered?: number;
  asked?: number;
  /** A participant's own answer: none, half-filled or submitted. */
  mine?: 'none' | 'draft' | 'submitted';
}

/**
 * The evaluations page for whoever asks. Leaders and staff see every form with its state and how many answered;
 * participants the published forms with their own answer's state; school leaders the published forms' results.
 * Who has answered is never listed here, only counts.
 */
export async function evaluationsPage(db: Db, dataDir: string, actor: Actor, now = new Date()) {
  const networkId = networkOf(actor);
  const presents = authorize(actor, 'evaluation.present');
  const answers = authorize(actor, 'evaluation.answer');
  const readsResults = authorize(actor, 'evaluation.readResults');
  const [all, meetings] = await Promise.all([listFormsOfNetwork(db, networkId), listMeetings(db, networkId)]);
  const numberOf = new Map(meetings.map((meeting) => [meeting.id, meeting.number]));
  const forms = presents ? all : all.filter((form) => form.publishedAt !== null);
  const listed: ListedForm[] = forms.map((form) => ({
    id: form.id,
    title: form.title,
    kind: form.kind,
    state: formStateOf(form, now),
    opensAt: form.opensAt,
    closesAt: form.closesAt,
    anonymous: form.anonymous,
    ...(form.meetingId && numberOf.has(form.meetingId) ? { meetingNumber: numberOf.get(form.meetingId)! } : {}),
  }));
  if (presents) {
    const [counts, participants] = await Promise.all([countSubmittedAnswers(db, forms.map((form) => form.id)), listParticipantsWithSchools(db, contextOf(actor))]);
    for (const form of listed) Object.assign(form, { answered: counts.get(form.id) ?? 0, asked: participants.length });
  } else if (answers) {
    const mine = await ownAnswerStates(db, dataDir, actor.user.id, listed.map((form) => form.id));
    for (const form of listed) form.mine = mine.get(form.id) ?? 'none';
  }
  return {
    forms: listed,
    presents,
    manages: authorize(actor, 'evaluation.manage'),
    answers,
    readsResults,
    exports: authorize(actor, 'evaluation.export'),
    hasSelfAssessment: all.some((form) => form.kind === 'selfAssessment' && form.publishedAt !== null),
    templates: templateKeys,
    languages: templateLanguages,
  };
}
export type EvaluationsPage = Awaited<ReturnType<typeof evaluationsPage>>;
