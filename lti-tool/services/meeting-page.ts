import type { Db } from '../db';
import { notFound } from '../errors';
import { assertAllowed, authorize, type Actor } from '../policies';
import { documentKinds } from '../../models/schema';
import { attendanceOverview, guestCutoff, guestsFor, isCheckInOpen, myResponse } from './attendance';
import { assignmentsOfLaunch } from './assignments';
import { documentsOfMeeting } from './documents';
import { meetingInScope } from './scope';
import { loadYear } from './year';
import { walksOfMeeting } from './gallery/walks';
import { meetingEvaluationLinks } from './evaluations/meeting-links';

/**
 * Everything one meeting's page shows, with what this person may do there decided here, once, against the
 * clock and the policies: views only read the flags.
 */
export async function meetingPage(db: Db, actor: Actor, meetingId: number, now = new Date()) {
  const stored = await meetingInScope(db, actor, meetingId);
  const year = await loadYear(db, actor);
  const meeting = year.meetings.find((candidate) => candidate.id === stored.id);
  if (!meeting) throw notFound(`meeting ${meetingId}`);
  const leads = authorize(actor, 'meeting.attendance');
  const isParticipant = authorize(actor, 'meeting.respond');
  const [response, overview, documents, assignments, guests, galleryWalks, evaluationLinks] = await Promise.all([
    isParticipant ? myResponse(db, actor, stored.id) : undefined,
    leads ? attendanceOverview(db, actor, stored.id, now) : undefined,
    documentsOfMeeting(db, actor, stored.id),
    assignmentsOfLaunch(db, actor, now),
    guestsFor(db, actor, stored.id),
    walksOfMeeting(db, actor, stored.id),
    meetingEvaluationLinks(db, actor, stored.id, now),
  ]);
  const cutoff = guestCutoff(stored);
  return {
    meeting,
    year,
    response,
    overview,
    documents,
    documentKinds,
    guests,
    assignments: assignments.filter((assignment) => assignment.meetingId === stored.id),
    leads,
    isParticipant,
    mayRegisterGuests: authorize(actor, 'meeting.registerGuest'),
    guestCutoff: cutoff,
    guestsOpen: now < cutoff,
    checkInOpen: isCheckInOpen(stored, now),
    galleryWalks: galleryWalks.map((walk) => ({ id: walk.id, title: walk.title, published: walk.publishedAt !== null })),
    managesGallery: authorize(actor, 'gallery.manage'),
    evaluationLinks,
  };
}

export type MeetingPage = Awaited<ReturnType<typeof meetingPage>>;

/** The leader's edit form needs the stored meeting too (its cut-off and check-in settings). */
export async function meetingForEditing(db: Db, actor: Actor, meetingId: number) {
  assertAllowed(actor, 'meeting.edit');
  const stored = await meetingInScope(db, actor, meetingId);
  const year = await loadYear(db, actor);
  const meeting = year.meetings.find((candidate) => candidate.id === stored.id);
  if (!meeting) throw notFound(`meeting ${meetingId}`);
  return { stored, meeting, year };
}
