import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../lti-tool/db';
import { insertOutboxRow } from '../../models/grades';
import { assignments, attendance, contexts, galleryComments, galleryStations, galleryWalks, grades, meetings, memberships, networks, progressSnapshots, schools, submissions, submissionVersions, users } from '../../models/schema';
import { role } from '../support/network-member';

/**
 * Participants (200 unless told) in 8 schools with a year's worth of work, written straight into the tables of the
 * only network: A–D in every state (missing, draft, final, late, in grading, graded, released and sent, released
 * and failed), six meetings with attendance, gallery feedback and progress. For the benchmark and the browser test.
 */
export async function seedManyParticipants(db: Db, platformId: number, participantCount = 200): Promise<void> {
  const [network] = await db.select().from(networks);
  const [context] = await db.select().from(contexts).where(eq(contexts.id, network!.contextId));
  const networkId = network!.id;
  const contextId = context!.id;
  // The leader's launch syncs the course roster in the background, and a sync marks everyone it does not list
  // inactive: the participants go in once it has run.
  for (let waited = 0; !(await db.select().from(contexts).where(eq(contexts.id, contextId)))[0]!.rosterSyncedAt && waited < 20_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const schoolRows = await db.insert(schools).values(Array.from({ length: 8 }, (_, i) => ({ networkId, name: `Skola ${i + 1}`, municipality: 'Kalmar' }))).returning({ id: schools.id });
  const people = await db
    .insert(users)
    .values(Array.from({ length: participantCount }, (_, i) => ({ platformId, sub: `bench-p${i}`, name: `Deltagare ${String(i).padStart(3, '0')} Lärarsson` })))
    .returning({ id: users.id });
  const ids = people.map((person) => person.id);
  await db.insert(memberships).values(ids.map((userId, i) => ({ contextId, userId, roles: ['participant'], ltiRoles: [role('Learner')], networkRole: 'participant' as const, schoolId: schoolRows[i % 8]!.id })));
  const letters = await db.select().from(assignments).where(eq(assignments.networkId, networkId)).orderBy(assignments.letter);
  const yearMeetings = await db.select().from(meetings).where(eq(meetings.networkId, networkId));
  for (let number = yearMeetings.length + 1; number <= 6; number++) {
    const startsAt = new Date(Date.now() - (7 - number) * 86_400_000);
    const [extra] = await db.insert(meetings).values({ networkId, number, theme: `Extra träff ${number}`, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) }).returning();
    yearMeetings.push(extra!);
  }
  // Each participant: A–D in a state by position (missing, draft, final, late, in grading, graded, released+sent, released+failed).
  const submissionRows: Array<typeof submissions.$inferInsert> = [];
  const gradeRows: Array<typeof grades.$inferInsert> = [];
  ids.forEach((userId, i) => {
    letters.forEach((assignment, a) => {
      const kind = (i + a) % 8;
      if (kind === 0) return;
      submissionRows.push({ assignmentId: assignment.id, userId, state: kind === 1 ? 'draft' : 'final', late: kind === 3, finalAt: kind === 1 ? null : new Date() });
      if (kind >= 4) gradeRows.push({ assignmentId: assignment.id, userId, state: kind === 4 ? 'inGrading' : kind === 5 ? 'graded' : 'released', passed: kind === 7 ? false : kind === 4 ? null : true, feedback: 'Bra', privateNotes: 'privat' });
    });
  });
  const insertedSubmissions = await db.insert(submissions).values(submissionRows).returning({ id: submissions.id, assignmentId: submissions.assignmentId, userId: submissions.userId });
  await db.insert(grades).values(gradeRows);
  for (const grade of gradeRows.filter((row) => row.state === 'released')) {
    const failed = grade.passed === false;
    await insertOutboxRow(db, { contextId, userId: grade.userId, resourceId: `natverk-assignment-${grade.assignmentId}`, label: 'Redovisning', scoreGiven: failed ? 0 : 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', scoredAt: new Date(), state: failed ? 'failed' : 'sent', attempts: 1, lastError: failed ? 'user not in course' : null });
  }
  await db.insert(attendance).values(ids.flatMap((userId, i) => yearMeetings.map((meeting, m) => ({ meetingId: meeting.id, userId, response: (i + m) % 5 === 0 ? ('no' as const) : ('yes' as const), checkedInAt: (i + m) % 5 === 0 ? null : new Date() }))));
  const station = insertedSubmissions[2]!;
  const [walk] = await db.insert(galleryWalks).values({ networkId, assignmentId: station.assignmentId, title: 'Galleri' }).returning({ id: galleryWalks.id });
  const [stationRow] = await db.insert(galleryStations).values({ walkId: walk!.id, number: 1, submissionId: station.id }).returning({ id: galleryStations.id });
  const [version] = await db.insert(submissionVersions).values({ submissionId: station.id, number: 1, storedName: 'b', originalName: 'b.pptx', format: 'pptx', mimeType: 'application/octet-stream', size: 1, sha256: 'b' }).returning({ id: submissionVersions.id });
  await db.insert(galleryComments).values(ids.flatMap((userId, i) => Array.from({ length: i % 4 }, (_, k) => ({ walkId: walk!.id, stationId: stationRow!.id, versionId: version!.id, slide: 1, body: 'Tydligt', authorUserId: userId, clientKey: `b-${userId}-${k}` }))));
  await db.insert(progressSnapshots).values(ids.map((userId, i) => ({ networkId, userId, met: i % 10, total: 10, share: (i % 10) / 10, complete: i % 10 === 9 })));
  await db.execute(sql`analyze`);
}

