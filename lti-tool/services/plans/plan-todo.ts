import type { Db } from '../../db';
import { networkOf, type Actor } from '../../policies';
import { findPlanOf } from '../../../models/network-plans';
import type { TodoItem } from '../todo-item';
import type { MeetingView } from '../year-types';
import { writesOwnPlan } from './plans';

/**
 * "Write your network plan" on a participant's Start near the end of the year: once the last meeting (where the
 * pilot year wrote its Nätverksplan och fortsatt samarbete) is the next one or past, until their own plan is saved.
 */
export async function networkPlanTodo(db: Db, actor: Actor, meetings: MeetingView[], now: Date): Promise<TodoItem[]> {
  const last = [...meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).at(-1);
  if (!last || !writesOwnPlan(actor)) return [];
  const nextMeeting = meetings.find((meeting) => meeting.endsAt > now);
  if (nextMeeting && nextMeeting.id !== last.id) return [];
  if (await findPlanOf(db, networkOf(actor), { userId: actor.user.id })) return [];
  return [{ text: 'networkPlan', key: 'plans.todo', values: { number: last.number, theme: last.theme }, href: '/plans/mine', at: last.startsAt, state: 'not_started' }];
}
