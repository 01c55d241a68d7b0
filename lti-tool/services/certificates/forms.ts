import { z } from 'zod';
import { recordId } from '../form-fields';

export const issueSchema = z.object({ userId: recordId });

/** A revocation says why: the public page shows the reason to whoever checks the certificate. */
export const revokeSchema = z.object({ reason: z.string().trim().min(1, 'reason_required').max(500, 'reason_too_long') });
