import type { Response } from 'express';

/**
 * What a finished action says on the page it leads back to. The address carries only one of these keys
 * (`?done=signup_saved`), never text: a key that is not in this list shows nothing, so no link can make
 * the tool say something it did not say. A key is not a secret and saying it twice is harmless, so it
 * needs no server-side state and survives a reload or "open in a new window".
 */
export const confirmations = [
  'signup_saved',
  'decline_saved',
  'guest_added',
  'checked_in',
  'self_checked_in',
  'check_in_code_made',
  'upload_saved',
  'final_submitted',
  'withdrawn',
  'conversation_recorded',
  'conversation_confirmed',
  'document_added',
  'document_published',
  'document_removed',
  'settings_saved',
  'meeting_saved',
  'assignment_saved',
  'grade_queued',
  'grade_resent',
  'roster_synced',
  'calendar_link_made',
  'calendar_link_revoked',
  'year_set_up',
  'platform_saved',
  'platform_changed',
  'link_revoked',
  'feedback_reply_sent',
  'feedback_response_saved',
  'comment_hidden',
  'comment_unhidden',
  'role_changed',
  'school_set',
  'my_school_saved',
  'gallery_walk_saved',
  'gallery_walk_published',
  'gallery_plan_made',
  'gallery_plan_changed',
  'gallery_clock_changed',
  'group_created',
  'group_renamed',
  'group_removed',
  'group_member_moved',
  'groups_drawn',
  // Forums
  'forum_thread_started',
  'forum_post_saved',
  'forum_post_edited',
  'forum_post_deleted',
  'forum_post_restored',
  'forum_thread_pinned',
  'forum_thread_unpinned',
  'forum_thread_locked',
  'forum_thread_unlocked',
  // Keeping up
  'forum_level_saved',
  'notifications_read',
  // Mail
  'mail_preferences_saved',
  'mail_unsubscribed',
  'mail_retry_queued',
  // Peer supervision
  'supervision_phase_opened',
  // Progress and grading
  'grade_saved',
  'grade_saved_next',
  'grades_released',
  'grade_unreleased',
  'grading_setup_saved',
  'comment_bank_saved',
  'comment_bank_removed',
  'mark_saved',
  'mark_submitted',
  'grade_agreed',
  'allocation_saved',
  'allocation_removed',
  'completion_saved',
  'exemption_saved',
  'exemption_removed',
  'certificate_issued',
  'certificate_revoked',
  'evaluation_saved',
  'evaluation_published',
  'evaluation_unpublished',
  'evaluation_removed',
  'evaluation_templates_made',
  'question_saved',
  'question_removed',
  'answer_saved',
  'answer_submitted',
  'reminders_queued',
  'plan_saved',
  'plan_comment_saved',
] as const;
export type Confirmation = (typeof confirmations)[number];

const known = new Set<string>(confirmations);

/** The confirmation a page's address asks for, if it is one of ours. */
export function confirmationOf(query: unknown): Confirmation | undefined {
  const done = (query as { done?: unknown } | undefined)?.done;
  return typeof done === 'string' && known.has(done) ? (done as Confirmation) : undefined;
}

/**
 * Where to send the person after an action: the page, the confirmation, and the part of the page they acted
 * on (an element id), so the browser brings them back to it and the message is shown there.
 */
export function doneAt(path: string, done: Confirmation, fragment?: string): string {
  const [page, query] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('done', done);
  return `${page}?${params.toString()}${fragment ? `#${fragment}` : ''}`;
}

/** The usual answer to a form post that worked: 303 to the page, with the confirmation and the place. */
export function redirectDone(res: Response, path: string, done: Confirmation, fragment?: string): void {
  res.redirect(303, doneAt(path, done, fragment));
}
