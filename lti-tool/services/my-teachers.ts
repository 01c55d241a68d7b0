import type { Db } from '../db';
import { assertAllowed, contextOf, networkOf, type Actor } from '../policies';
import { listAssignments } from '../../models/assignments';
import { attendanceCounts } from '../../models/attendance';
import { listMembersWithSchools } from '../../models/people';
import { listConversations, listSubmissionStates } from '../../models/submissions';
import { submissionStateOf, type OverviewState } from './assignment-overview';
import { listMeetings } from '../../models/year';

export interface TeacherProgress {
  userId: number;
  name: string | null;
  school: string | null;
  assignments: Array<{ assignmentId: number; letter: string; state: OverviewState }>;
  developmentArea: { assignmentId: number; text: string; confirmed: boolean } | null;
  meetings: { signedUp: number; checkedIn: number; held: number };
}

/**
 * A school leader's own teachers (the participants of the schools they answer for) and how each is doing:
 * each assignment's state, the development area to confirm, meetings signed up for and attended. Nobody
 * else's: the list is the actor's mentees, which the policies also use for every single look.
 */
export async function teachersOfSchoolLeader(db: Db, actor: Actor, now = new Date()): Promise<TeacherProgress[]> {
  assertAllowed(actor, 'schoolLeader.followTeachers');
  const networkId = networkOf(actor);
  const ids = [...actor.mentees];
  const [people, assignments, meetings] = await Promise.all([listMembersWithSchools(db, contextOf(actor), ids), listAssignments(db, networkId), listMeetings(db, networkId)]);
  const visible = assignments.filter((assignment) => !assignment.visibleFrom || assignment.visibleFrom <= now);
  const [submissions, conversations, counts] = await Promise.all([
    listSubmissionStates(db, visible.map((assignment) => assignment.id)),
    Promise.all(visible.filter((assignment) => assignment.leaderConversation).map((assignment) => listConversations(db, assignment.id))),
    attendanceCounts(db, ids, meetings.map((meeting) => meeting.id)),
  ]);
  const held = meetings.filter((meeting) => meeting.startsAt <= now).length;
  return people.map((person) => {
    const conversation = conversations.flat().find((candidate) => candidate.userId === person.userId);
    return {
      ...person,
      assignments: visible.map((assignment) => {
        const submission = submissions.find((row) => row.assignmentId === assignment.id && row.userId === person.userId);
        return { assignmentId: assignment.id, letter: assignment.letter, state: submissionStateOf(submission) };
      }),
      developmentArea: conversation ? { assignmentId: conversation.assignmentId, text: conversation.developmentArea, confirmed: conversation.confirmedAt !== null } : null,
      meetings: { ...(counts.get(person.userId) ?? { signedUp: 0, checkedIn: 0 }), held },
    };
  });
}
