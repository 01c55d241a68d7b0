import { z } from 'zod';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { assertAllowed, contextOf, type Actor } from '../policies';
import {
  ServiceError,
  appendPath,
  clientOf,
  serviceMediaTypes,
  serviceScopes,
  withQuery,
  type PlatformRef,
  type ServiceDeps,
} from '../lti/service-client';
import { findUserById, type ContextRow } from '../../models/launches';
import { findServiceContext } from '../../models/roster';
import {
  findLineItemRow,
  insertOutboxRow,
  listOutboxEntries,
  saveLineItemRow,
  type LineItemRow,
  type OutboxEntry,
  type OutboxRow,
  type SendOutcome,
} from '../../models/grades';

export type { ServiceDeps };

// One token serves both steps of a send (find or make the line item, post the score).
const agsScopes = [serviceScopes.lineItem, serviceScopes.score];

/** AGS Score enums (LTI AGS 2.0, section 3.4). */
export const activityProgressValues = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const gradingProgressValues = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;

// Points may be fractional (7.5 of 10), as in Moodle's gradebook.
const points = z.number().finite().min(0).max(1_000_000);

export const scoreInputSchema = z
  .object({
    contextId: z.number().int().positive(),
    userId: z.number().int().positive(),
    resourceId: z.string().trim().min(1).max(200),
    label: z.string().trim().min(1).max(200),
    scoreGiven: points.optional(),
    scoreMaximum: points.positive(),
    activityProgress: z.enum(activityProgressValues),
    gradingProgress: z.enum(gradingProgressValues),
    comment: z.string().max(10_000).optional(),
    timestamp: z.date().optional(),
  })
  .refine((score) => score.scoreGiven === undefined || score.scoreGiven <= score.scoreMaximum, {
    message: 'scoreGiven must not exceed scoreMaximum',
    path: ['scoreGiven'],
  });
export type ScoreInput = z.input<typeof scoreInputSchema>;

/**
 * Puts a score in the durable outbox; the grade-outbox job sends it. The caller (a grading service) has
 * already checked that its user may grade. Throws a 400 AppError for a score the platform would refuse.
 */
export async function queueScore(db: Db, input: ScoreInput): Promise<OutboxRow> {
  const parsed = scoreInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(400, 'bad_request', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const score = parsed.data;
  return insertOutboxRow(db, {
    contextId: score.contextId,
    userId: score.userId,
    resourceId: score.resourceId,
    label: score.label,
    scoreGiven: score.scoreGiven ?? null,
    scoreMaximum: score.scoreMaximum,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    comment: score.comment ?? null,
    scoredAt: score.timestamp ?? new Date(),
    state: 'pending',
    nextAttemptAt: new Date(),
  });
}

export interface LineItemSpec {
  resourceId: string;
  label: string;
  scoreMaximum: number;
  tag?: string;
  resourceLinkId?: string;
}

const lineItemSchema = z.object({
  id: z.url(),
  resourceId: z.string().optional(),
  label: z.string().optional(),
  scoreMaximum: z.coerce.number().optional(),
  tag: z.string().optional(),
});

/**
 * The platform line item for one of our resources: from our table, else found on the platform by
 * resource_id (e.g. made by a deep-linked item), else created there. Its URL is stored for next time.
 */
export async function findOrCreateLineItem(deps: ServiceDeps, contextRow: ContextRow, spec: LineItemSpec): Promise<LineItemRow> {
  const known = await findLineItemRow(deps.db, contextRow.id, spec.resourceId);
  if (known) return known;
  const target = await findServiceContext(deps.db, contextRow.id);
  if (!target) throw notFound(`context ${contextRow.id}`);
  const lineItemsUrl = target.context.lineItemsUrl;
  // Retryable: the next launch from the course brings the endpoint.
  if (!lineItemsUrl) throw new ServiceError('config', `context ${contextRow.id} has no line items endpoint yet`, true);
  const item =
    (await findPlatformLineItem(deps, target, lineItemsUrl, spec.resourceId)) ??
    (await createPlatformLineItem(deps, target, lineItemsUrl, spec));
  return saveLineItemRow(deps.db, {
    contextId: contextRow.id,
    resourceId: spec.resourceId,
    url: item.id,
    label: item.label || spec.label,
    scoreMaximum: item.scoreMaximum ?? spec.scoreMaximum,
    tag: item.tag || spec.tag || null,
  });
}

async function findPlatformLineItem(deps: ServiceDeps, platform: PlatformRef, lineItemsUrl: string, resourceId: string) {
  const url = withQuery(lineItemsUrl, { resource_id: resourceId });
  const pages = await clientOf(deps).getPages(platform, agsScopes, url, serviceMediaTypes.lineItemContainer);
  // The filter is the platform's; a platform that ignores it must not hand us another resource's column.
  const items = pages.flatMap((page) => (Array.isArray(page) ? page : [])).map((raw) => lineItemSchema.safeParse(raw));
  return items.flatMap((item) => (item.success && item.data.resourceId === resourceId ? [item.data] : []))[0];
}

async function createPlatformLineItem(deps: ServiceDeps, platform: PlatformRef, lineItemsUrl: string, spec: LineItemSpec) {
  const { tag, resourceLinkId } = spec;
  const response = await clientOf(deps).request(platform, agsScopes, {
    method: 'POST',
    url: lineItemsUrl,
    accept: serviceMediaTypes.lineItem,
    contentType: serviceMediaTypes.lineItem,
    body: {
      scoreMaximum: spec.scoreMaximum,
      label: spec.label,
      resourceId: spec.resourceId,
      ...(tag === undefined ? {} : { tag }),
      ...(resourceLinkId === undefined ? {} : { resourceLinkId }),
    },
  });
  const parsed = lineItemSchema.safeParse(response.body);
  if (!parsed.success) throw new ServiceError('response', 'the platform created a line item without an id', false);
  return parsed.data;
}

/** The AGS Score a platform receives. */
export interface ScorePayload {
  userId: string;
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  comment?: string;
  timestamp: string;
}

/** POSTs one score to `{lineitem}/scores`, keeping the line item URL's query (Moodle's ?type_id=). */
export async function submitScore(deps: ServiceDeps, platform: PlatformRef, lineItemUrl: string, score: ScorePayload): Promise<void> {
  await clientOf(deps).request(platform, agsScopes, {
    method: 'POST',
    url: appendPath(lineItemUrl, 'scores'),
    contentType: serviceMediaTypes.score,
    body: score,
  });
}

/** Sends one claimed outbox row: its line item (found or made), then the score with the user's `sub`. */
export async function sendQueuedScore(deps: ServiceDeps, row: OutboxRow): Promise<void> {
  const target = await findServiceContext(deps.db, row.contextId);
  const user = await findUserById(deps.db, row.userId);
  if (!target || !user) throw new ServiceError('config', 'the score’s course or user no longer exists', false);
  const lineItem = await findOrCreateLineItem(deps, target.context, { resourceId: row.resourceId, label: row.label, scoreMaximum: row.scoreMaximum });
  await submitScore(deps, target, lineItem.url, {
    userId: user.sub,
    ...(row.scoreGiven === null ? {} : { scoreGiven: row.scoreGiven }),
    // Always sent: without it Moodle takes scoreGiven as a fraction of 1.
    scoreMaximum: row.scoreMaximum,
    activityProgress: row.activityProgress,
    gradingProgress: row.gradingProgress,
    ...(row.comment === null ? {} : { comment: row.comment }),
    timestamp: row.scoredAt.toISOString(),
  });
}

/**
 * What a send attempt's error means for the row. A 409 after an earlier attempt is Moodle refusing a
 * timestamp it already has: that earlier attempt arrived even though we never heard back.
 */
export function outcomeOfError(error: unknown, attempts: number): SendOutcome {
  if (error instanceof ServiceError) {
    if (error.status === 409 && attempts > 1) return { ok: true, note: `an earlier attempt arrived (${error.message})` };
    return { ok: false, retryable: error.retryable, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  return { ok: false, retryable: false, message: error instanceof Error ? error.message : String(error) };
}

/** Every score queued in a context with its visible send state, newest first. */
export async function listOutbox(db: Db, contextId: number): Promise<OutboxEntry[]> {
  return listOutboxEntries(db, contextId);
}

/** The grades page: staff, leaders and administrators see what was sent to the gradebook and what failed. */
export async function gradesForLeader(db: Db, actor: Actor): Promise<OutboxEntry[]> {
  assertAllowed(actor, 'grades.read');
  return listOutbox(db, contextOf(actor));
}

export type { OutboxEntry, OutboxRow };
