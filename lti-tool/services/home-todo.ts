import type { Db } from '../db';
import { authorize, type Actor } from '../policies';
import type { AssignmentRow } from '../../models/assignments';
import { listAttendance, responsesOf } from '../../models/attendance';
import { listDocumentsOfMeetings } from '../../models/documents';
import { listOutboxEntries, type OutboxEntry } from '../../models/grades';
import { listActiveMembersWithRole } from '../../models/members';
import { listFinishedGrades } from '../../models/grading';
import { listOwnConversations, listOwnSubmissions, listSubmissionStates } from '../../models/submissions';
import type { TodoItem, TodoState } from './todo-item';
import { openEvaluationItems } from './evaluations/todo';
import { unansweredFeedbackItems, walksUnderwayItems } from './gallery/feedback-links';
import { assignmentsOfLaunch } from './assignments';
import { assignmentResourceId } from './progress/line-items';
import { conversationsOf } from './submissions';
import { loadYear } from './year';
import { networkPlanTodo } from './plans/plan-todo';
import type { MeetingView } from './year-types';

export type { TodoItem, TodoState };

export interface Todo {
  /** Which list this is; decides the heading and the empty text. */
  list: 'leader' | 'staff' | 'mentor' | 'participant' | 'none';
  items: TodoItem[];
  /** A leader before the year exists: the one first step is to set it up. */
  setUpYear: boolean;
}

/** Assignments the leader chases: due within this many days, or already past due. */
const dueSoonDays = 14;
/** Minutes count as new for a school leader this long after they were published. */
const newMinutesDays = 30;
const dayMs = 24 * 60 * 60_000;

const meetingValues = (meeting: MeetingView) => ({ number: meeting.number, theme: meeting.theme });
const assignmentValues = (assignment: AssignmentRow) => ({ letter: assignment.letter, title: assignment.title });

/**
 * Start as each role's to-do list, like Moodle's Timeline block: what is next and due, each line linking where
 * the work is done. Which list a person gets is asked of the policies, one question per list.
 */
export async function todoFor(db: Db, actor: Actor, now = new Date(), options: { dataDir?: string } = {}): Promise<Todo> {
  const year = await loadYear(db, actor);
  const base = { setUpYear: false };
  if (authorize(actor, 'year.setUp')) {
    if (!year.meetings.length) return { ...base, list: 'leader', setUpYear: true, items: [{ text: 'setUpYear', values: {}, href: '/year/setup' }] };
    return { ...base, list: 'leader', items: await leaderItems(db, actor, year.meetings, now) };
  }
  if (authorize(actor, 'grades.give')) return { ...base, list: 'staff', items: await staffItems(db, actor) };
  if (authorize(actor, 'submission.create')) return { ...base, list: 'participant', items: await participantItems(db, actor, year.meetings, now, options.dataDir) };
  if (authorize(actor, 'meeting.registerGuest')) return { ...base, list: 'mentor', items: await schoolLeaderItems(db, actor, year.meetings, now) };
  return { ...base, list: 'none', items: [] };
}

async function participantItems(db: Db, actor: Actor, meetings: MeetingView[], now: Date, dataDir?: string): Promise<TodoItem[]> {
  const next = meetings.find((meeting) => meeting.endsAt > now);
  const assignments = await assignmentsOfLaunch(db, actor, now);
  const ids = assignments.map((assignment) => assignment.id);
  const [responses, own, conversations, feedback, underway] = await Promise.all([
    next ? responsesOf(db, actor.user.id, [next.id]) : new Map<number, 'yes' | 'no' | null>(),
    listOwnSubmissions(db, actor.user.id, ids),
    listOwnConversations(db, actor.user.id, ids),
    unansweredFeedbackItems(db, actor),
    walksUnderwayItems(db, actor, now),
  ]);
  // Whether one has answered is known only with the answer key in the data folder.
  const evaluations = dataDir ? await openEvaluationItems(db, dataDir, actor, now) : [];
  const items: TodoItem[] = [...underway, ...feedback, ...evaluations];
  if (next) items.push({ text: 'nextMeeting', values: meetingValues(next), href: `/meetings/${next.id}#answer`, at: next.startsAt, state: responses.get(next.id) ?? 'unanswered' });
  // Past due and not handed in, then what is due soon; with nothing due soon, the next one, so the list shows what comes.
  const upcoming = assignments.filter((assignment) => assignment.dueAt > now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const soon = upcoming.filter((assignment, index) => index === 0 || assignment.dueAt.getTime() - now.getTime() <= dueSoonDays * dayMs);
  for (const assignment of assignments.filter((candidate) => candidate.dueAt <= now || soon.includes(candidate))) {
    const submission = own.find((candidate) => candidate.assignmentId === assignment.id);
    const past = assignment.dueAt <= now;
    if (assignment.leaderConversation && !conversations.some((conversation) => conversation.assignmentId === assignment.id)) {
      items.push({ text: 'developmentArea', values: assignmentValues(assignment), href: `/assignments/${assignment.id}#conversation`, at: assignment.dueAt });
    }
    if (past && submission?.state === 'final') continue;
    const state: TodoState = past ? 'late' : submission ? submission.state : 'not_started';
    items.push({ text: 'assignmentDue', values: assignmentValues(assignment), href: `/assignments/${assignment.id}#submission`, at: assignment.dueAt, state });
  }
  // ---- E (issue 13): the network plan, near the end of the year.
  items.push(...(await networkPlanTodo(db, actor, meetings, now)));
  return items.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
}

async function leaderItems(db: Db, actor: Actor, meetings: MeetingView[], now: Date): Promise<TodoItem[]> {
  const contextId = actor.context?.id;
  const next = meetings.find((meeting) => meeting.endsAt > now);
  const ended = meetings.filter((meeting) => meeting.endsAt <= now);
  const chased = (await assignmentsOfLaunch(db, actor, now)).filter((assignment) => assignment.dueAt.getTime() - now.getTime() <= dueSoonDays * dayMs);
  const [attendance, participants, states, documents, scores] = await Promise.all([
    next && contextId !== undefined ? listAttendance(db, contextId, next.id) : [],
    contextId !== undefined ? listActiveMembersWithRole(db, contextId, 'participant') : [],
    listSubmissionStates(db, chased.map((assignment) => assignment.id)),
    listDocumentsOfMeetings(db, ended.map((meeting) => meeting.id)),
    contextId !== undefined ? listOutboxEntries(db, contextId) : [],
  ]);
  const items: TodoItem[] = [];
  const unanswered = attendance.filter((line) => line.response === null).length;
  if (next && unanswered) items.push({ text: 'unansweredSignUps', values: { ...meetingValues(next), count: unanswered }, href: `/meetings/${next.id}#check-in`, at: next.startsAt });
  const participantIds = new Set(participants.map((participant) => participant.userId));
  for (const assignment of chased) {
    const handedIn = new Set(states.filter((row) => row.assignmentId === assignment.id && row.state === 'final').map((row) => row.userId));
    const missing = [...participantIds].filter((userId) => !handedIn.has(userId)).length;
    if (missing) items.push({ text: 'missingSubmissions', values: { ...assignmentValues(assignment), count: missing }, href: `/assignments/${assignment.id}/overview`, at: assignment.dueAt });
  }
  for (const meeting of ended) {
    const minutes = documents.filter((document) => document.meetingId === meeting.id && document.kind === 'minutes');
    if (minutes.some((document) => document.publishedAt)) continue;
    const draft = minutes.length > 0;
    items.push({ text: draft ? 'minutesDraft' : 'minutesMissing', values: meetingValues(meeting), href: `/meetings/${meeting.id}#documents`, at: meeting.endsAt, state: draft ? 'waiting' : undefined });
  }
  items.push(...failedGradeItems(scores));
  return items;
}

/** The newest score per person and grade item is the one that counts; those that failed to send need someone. */
function currentScores(scores: OutboxEntry[]): OutboxEntry[] {
  const seen = new Set<string>();
  return scores.filter((score) => {
    const key = `${score.userId}:${score.resourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function failedGradeItems(scores: OutboxEntry[]): TodoItem[] {
  const failed = currentScores(scores).filter((score) => score.state === 'failed').length;
  return failed ? [{ text: 'gradesFailed', values: { count: failed }, href: '/grades' }] : [];
}

async function staffItems(db: Db, actor: Actor): Promise<TodoItem[]> {
  const contextId = actor.context?.id;
  const assignments = await assignmentsOfLaunch(db, actor);
  const [states, scores, finished] = await Promise.all([
    listSubmissionStates(db, assignments.map((assignment) => assignment.id)),
    contextId !== undefined ? listOutboxEntries(db, contextId) : [],
    listFinishedGrades(db, assignments.map((assignment) => assignment.id)),
  ]);
  // A submission waits until its grade is finished in the tool (graded or released), or a score was sent for it.
  const graded = new Set(currentScores(scores).map((score) => `${score.userId}:${score.resourceId}`));
  for (const grade of finished) graded.add(`${grade.userId}:${assignmentResourceId(grade.assignmentId)}`);
  const items: TodoItem[] = [];
  for (const assignment of assignments) {
    const resourceId = assignmentResourceId(assignment.id);
    const waiting = states.filter((row) => row.assignmentId === assignment.id && row.state === 'final' && !graded.has(`${row.userId}:${resourceId}`)).length;
    if (waiting) items.push({ text: 'toGrade', values: { ...assignmentValues(assignment), count: waiting }, href: `/assignments/${assignment.id}/overview`, at: assignment.dueAt });
  }
  items.push(...failedGradeItems(scores));
  return items;
}

async function schoolLeaderItems(db: Db, actor: Actor, meetings: MeetingView[], now: Date): Promise<TodoItem[]> {
  const withConversation = (await assignmentsOfLaunch(db, actor, now)).filter((assignment) => assignment.leaderConversation);
  // Usually one assignment (A) has the conversation: one query each, filtered by the policy, is few.
  const [readable, documents] = await Promise.all([
    Promise.all(withConversation.map(async (assignment) => ({ assignment, conversations: await conversationsOf(db, actor, assignment) }))),
    listDocumentsOfMeetings(db, meetings.map((meeting) => meeting.id)),
  ]);
  const items: TodoItem[] = [];
  for (const { assignment, conversations } of readable) {
    for (const conversation of conversations.filter((candidate) => !candidate.confirmedAt)) {
      items.push({ text: 'confirmDevelopmentArea', values: { ...assignmentValues(assignment), name: conversation.name ?? '' }, href: `/assignments/${assignment.id}#conversation`, at: conversation.recordedAt });
    }
  }
  const minutes = documents
    .filter((document) => document.kind === 'minutes' && document.publishedAt && now.getTime() - document.publishedAt.getTime() <= newMinutesDays * dayMs)
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
  for (const document of minutes) {
    const meeting = meetings.find((candidate) => candidate.id === document.meetingId)!;
    items.push({ text: 'newMinutes', values: { ...meetingValues(meeting), title: document.title }, href: `/meetings/${meeting.id}#documents`, at: document.publishedAt!, state: 'new' });
  }
  return items;
}
