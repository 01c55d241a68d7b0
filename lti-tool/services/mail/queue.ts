// Stand-in for the mail part of issue 11: replaced by its helper.
import type { Db } from '../../db';
import type { NotificationCreated } from '../forums/types';

/** Queues a mail in the outbox for each notification whose person wants mail as it happens. */
export async function queueMailFor(_tx: Db, _notifications: NotificationCreated[]): Promise<void> {}
