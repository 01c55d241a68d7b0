import type { ZodError } from 'zod';
import { dateOutOfRange } from '../../services/form-fields';

/** Messages that read the same in every form, so they live once under "errors.". */
const sharedMessages: Record<string, string> = { [dateOutOfRange]: `errors.${dateOutOfRange}` };

/** Zod issues as one i18n key per field: `<prefix>.<field>` (or the refinement's own message key). */
export function fieldErrors(error: ZodError, prefix: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    const shared = issue.code === 'custom' ? sharedMessages[issue.message] : undefined;
    errors[field] = shared ?? (issue.code === 'custom' && issue.message !== 'id_out_of_range' ? `${prefix}.${issue.message}` : `${prefix}.${field}`);
  }
  return errors;
}
