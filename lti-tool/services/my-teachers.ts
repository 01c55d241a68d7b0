import type { Db } from '../db';
import { assertAllowed, contextOf, networkOf, type Actor } from '../policies';
import { listAssignments } from '../../models/assignments';
import { attendanceCounts } from '../../models/attendance';
import { listMembersWithSchools } from '../../models/people';
import { listConversations, listSubmissionsWithCurrent } from '../../models/submissions';
import { listMeetings } from '../../models/year';

export type TeacherAssignmentState = 'final' | 'late' | 'draft' | 'withdrawn' | 'missing';

export interface TeacherProgress {
  userId: number;
  name: string | null;
  school: string | null;
  assignments: Array<{ assignmentId: number; letter: string; state: TeacherAssignmentState }>;
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
    Promise.all(visible.map((assignment) => listSubmissionsWithCurrent(db, assignment.id))),
    Promise.all(visible.filter((assignment) => assignment.leaderConversation).map((assignment) => listConversations(db, assignment.id))),
    attendanceCounts(db, ids, meetings.map((meeting) => meeting.id)),
  ]);
  const held = meetings.filter((meeting) => meeting.startsAt <= now).length;
  return people.map((person) => {
    const conversation = conversations.flat().find((candidate) => candidate.userId === person.userId);
    return {
      ...person,
      assignments: visible.map((assignment, index) => {
        const submission = submissions[index]!.find((summary) => summary.submission.userId === person.userId)?.submission;
        const state: TeacherAssignmentState = !submission ? 'missing' : submission.state === 'final' ? (submission.late ? 'late' : 'final') : submission.state;
        return { assignmentId: assignment.id, letter: assignment.letter, state };
      }),
      developmentArea: conversation ? { assignmentId: conversation.assignmentId, text: conversation.developmentArea, confirmed: conversation.confirmedAt !== null } : null,
      meetings: { ...(counts.get(person.userId) ?? { signedUp: 0, checkedIn: 0 }), held },
    };
  });
}
