// A network year for the progress tests: the leader's pilot year, participants launched as Moodle sends them,
// and the one way a grade is written (the grading pages are another part's).
import { expect } from 'chai';
import { pino } from 'pino';
import { asc, eq } from 'drizzle-orm';
import { assignments, meetings, networks, users } from '../../models/schema';
import { startGradeOutbox } from '../../lti-tool/jobs/grade-outbox';
import { writeGrade } from '../../lti-tool/services/grading/grade-write';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import type { ToolUnderTest } from '../support/tool';

export interface ProgressYear {
  leader: NetworkMember;
  leaderId: number;
  networkId: number;
  contextId: number;
  assignmentIds: number[];
  meetingIds: number[];
}

export const userIdOf = async (t: ToolUnderTest, sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

export async function setUpYear(t: ToolUnderTest, leaderSub = '1'): Promise<ProgressYear> {
  const leader = await launchAs(t, leaderSub, [role('Instructor')]);
  const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
  expect(setup.status, setup.html.slice(0, 300)).to.equal(303);
  const [network] = await t.database.db.select().from(networks);
  const assignmentRows = await t.database.db.select().from(assignments).orderBy(asc(assignments.letter));
  const meetingRows = await t.database.db.select().from(meetings).orderBy(asc(meetings.startsAt));
  return {
    leader,
    leaderId: await userIdOf(t, leaderSub),
    networkId: network!.id,
    contextId: network!.contextId,
    assignmentIds: assignmentRows.map((row) => row.id),
    meetingIds: meetingRows.map((row) => row.id),
  };
}

/** Writes a grade as the grading pages do: decided pass / complete again, in the given state. */
export async function gradeAs(t: ToolUnderTest, year: ProgressYear, assignmentId: number, participantId: number, state: 'graded' | 'released', passed: boolean, feedback = '') {
  const now = new Date();
  const released = state === 'released';
  return writeGrade(t.database.db, {
    networkId: year.networkId,
    contextId: year.contextId,
    assignmentId,
    participantId,
    fields: { state, passed, points: null, criteria: [], feedback, privateNotes: 'Bara för oss', gradedByUserId: year.leaderId, gradedAt: now, releasedAt: released ? now : null, releasedByUserId: released ? year.leaderId : null },
    action: released ? 'released' : 'unreleased',
    byUserId: year.leaderId,
  });
}

/** Runs the grade outbox once, as its poller would, at an optional moment. */
export async function sendScores(t: ToolUnderTest, now?: Date): Promise<number> {
  const job = startGradeOutbox({ db: t.database.db, lti: t.tool.lti, logger: pino({ level: 'silent' }), pollMs: 3_600_000, random: () => 0.5, ...(now ? { now: () => now } : {}) });
  try {
    return await job.runOnce();
  } finally {
    await job.stop();
  }
}

/** Releases a pass / complete-again grade by whoever `bySub` is, finding the network from the assignment. */
export async function releaseGrade(t: ToolUnderTest, assignmentId: number, participantId: number, bySub: string, passed = true) {
  const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.id, assignmentId));
  const [network] = await t.database.db.select().from(networks).where(eq(networks.id, assignment!.networkId));
  const byUserId = await userIdOf(t, bySub);
  const now = new Date();
  return writeGrade(t.database.db, {
    networkId: network!.id,
    contextId: network!.contextId,
    assignmentId,
    participantId,
    fields: { state: 'released', passed, points: null, criteria: [], feedback: '', privateNotes: '', gradedByUserId: byUserId, gradedAt: now, releasedAt: now, releasedByUserId: byUserId },
    action: 'released',
    byUserId,
  });
}
