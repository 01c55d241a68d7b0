import type { Db } from '../../db';
import { authorize, networkOf, type Actor } from '../../policies';
import { listFormsOfNetwork } from '../../../models/evaluations';
import { listMeetings } from '../../../models/year';
import { formStateOf } from './form-state';

/**
 * What a meeting's page links to of its evaluations: for a participant, the day evaluation while it is open; for
 * leaders and staff the meeting's evaluation (edit, big screen, results) and the previous meeting's feedback slide.
 */
export async function meetingEvaluationLinks(db: Db, actor: Actor, meetingId: number, now = new Date()) {
  const networkId = networkOf(actor);
  const presents = authorize(actor, 'evaluation.present');
  const answers = authorize(actor, 'evaluation.answer');
  if (!presents && !answers) return { presents, manages: false, answers };
  const [forms, meetings] = await Promise.all([listFormsOfNetwork(db, networkId), listMeetings(db, networkId)]);
  const dayForms = forms.filter((form) => form.kind === 'dayEvaluation');
  const ofMeeting = dayForms.find((form) => form.meetingId === meetingId);
  const index = meetings.findIndex((meeting) => meeting.id === meetingId);
  const previous = index > 0 ? meetings[index - 1] : undefined;
  const previousForm = previous ? dayForms.find((form) => form.meetingId === previous.id && form.publishedAt !== null) : undefined;
  return {
    presents,
    manages: authorize(actor, 'evaluation.manage'),
    answers,
    openFormId: answers && ofMeeting && formStateOf(ofMeeting, now) === 'open' ? ofMeeting.id : undefined,
    formId: presents ? ofMeeting?.id : undefined,
    previousFormId: presents ? previousForm?.id : undefined,
    previousNumber: previous?.number,
  };
}
