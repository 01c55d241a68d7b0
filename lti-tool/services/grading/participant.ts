import type { Db } from '../../db';
import { notFound } from '../../errors';
import { contextOf, type Actor } from '../../policies';
import { findActiveMemberRoles } from '../../../models/members';
import { hasSubmission } from '../../../models/grading';
import type { AssignmentRow } from '../../../models/assignments';

/**
 * A participant id from the address is never trusted: it must be a participant of the launch's course, or
 * someone who handed something in for this assignment (a participant who has since left stays gradable).
 * Anyone else is 404, as if there were nobody.
 */
export async function participantInScope(db: Db, actor: Actor, assignment: Pick<AssignmentRow, 'id'>, userId: number): Promise<void> {
  const roles = await findActiveMemberRoles(db, contextOf(actor), userId);
  if (roles?.includes('participant')) return;
  if (await hasSubmission(db, assignment.id, userId)) return;
  throw notFound(`user ${userId} is not a participant here`);
}
