import type { ZodError } from 'zod';

/** Zod issues as one i18n key per field: `<prefix>.<field>` (or the refinement's own message key). */
export function fieldErrors(error: ZodError, prefix: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    errors[field] = issue.code === 'custom' ? `${prefix}.${issue.message}` : `${prefix}.${field}`;
  }
  return errors;
}
