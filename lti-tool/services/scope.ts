import type { Db } from '../db';
import { notFound } from '../errors';
import { networkOf, type Actor } from '../policies';
import { findMeetingInNetwork, type MeetingRow } from '../../models/year';

/** The meeting, only when it belongs to the actor's network: a meeting id from the client is never trusted. */
export async function meetingInScope(db: Db, actor: Pick<Actor, 'network'>, meetingId: number): Promise<MeetingRow> {
  const networkId = networkOf(actor);
  const meeting = await findMeetingInNetwork(db, networkId, meetingId);
  if (!meeting) throw notFound(`meeting ${meetingId} is not in network ${networkId}`);
  return meeting;
}
