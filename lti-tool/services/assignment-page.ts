import type { Db } from '../db';
import { authorize, followsEveryone, isSchoolLeader, type Actor } from '../policies';
import { convertersAvailable } from '../presentations/slide-renderer';
import { assignmentOfLaunch, renderInstructions } from './assignments';
import { conversationsOf, finalBlockerOf, galleryOf, mayWithdraw, ownConversation, ownSubmissionView } from './submissions';
import { loadYear } from './year';
import { galleryFeedbackLinks } from './gallery/feedback-links';

/** Whether slide pictures can be made here (LibreOffice and pdftoppm installed). */
export async function previewsAvailable(): Promise<boolean> {
  const converters = await convertersAvailable();
  return Boolean(converters.soffice && converters.pdftoppm);
}

/**
 * One assignment's page: instructions and guiding questions for everyone; for the participant their own
 * submission (versions, advice, upload), for school leaders the conversations of their own teachers, for
 * peers the final submissions of the gallery walk, for leaders and staff the way to the overview. What this
 * person may do is decided here, against the clock and the policies.
 */
export async function assignmentPage(db: Db, actor: Actor, assignmentId: number, now = new Date()) {
  const assignment = await assignmentOfLaunch(db, actor, assignmentId, now);
  const year = await loadYear(db, actor);
  const isParticipant = authorize(actor, 'submission.create');
  // conversationsOf keeps only those the policy lets this person read; nobody else gets the section at all.
  const readsConversations = assignment.leaderConversation && (followsEveryone(actor) || isSchoolLeader(actor));
  const [own, conversation, conversations, gallery, previews, galleryFeedback] = await Promise.all([
    isParticipant ? ownSubmissionView(db, actor, assignment) : undefined,
    isParticipant && assignment.leaderConversation ? ownConversation(db, actor, assignment) : undefined,
    readsConversations ? conversationsOf(db, actor, assignment).then((list) => list.map((item) => ({ ...item, mayConfirm: !item.confirmedAt && authorize(actor, 'conversation.confirm', { participantId: item.userId }) }))) : undefined,
    isParticipant ? galleryOf(db, assignment, actor.user.id) : undefined,
    previewsAvailable(),
    isParticipant ? galleryFeedbackLinks(db, actor, assignment.id) : [],
  ]);
  const state = own?.submission?.state;
  return {
    assignment,
    year,
    instructionsHtml: renderInstructions(assignment.instructions),
    meeting: year.meetings.find((meeting) => meeting.id === assignment.meetingId),
    own,
    conversation,
    conversations,
    gallery,
    /** The published gallery walks of this assignment, with the way to the feedback given and received. */
    galleryFeedback,
    previewsAvailable: previews,
    isParticipant,
    runsNetwork: authorize(actor, 'assignment.overview'),
    leads: authorize(actor, 'assignment.edit'),
    mayWithdraw: state !== undefined && state !== 'withdrawn' && mayWithdraw(assignment, now),
    /** Said beside the final button before the click, not after it. */
    finalBlocker: own?.current ? finalBlockerOf(assignment, own.current) : null,
    /** Writing advice helps before submitting; once the deck is final it has nothing left to change. */
    showsAdvice: state !== 'final',
    pastDue: now > assignment.dueAt,
  };
}
