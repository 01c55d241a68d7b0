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

/** The element id of a form field: the error summary's link and the field's message both point at it. Field names are unique within a page. */
export const fieldId = (name: string): string => `field-${name}`;

/** The id of the message shown beside a field. */
export const fieldErrorId = (name: string): string => `${fieldId(name)}-error`;

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** What a view needs to tie a field to its message: `<input name="x" <%- field.attrs('x') %>>`. */
export interface FieldHelpers {
  id(name: string): string;
  errorId(name: string): string;
  /** `id`, `aria-invalid` and `aria-describedby` (the message, when there is one, and any hint ids given). */
  attrs(name: string, ...hints: string[]): string;
}

export function fieldHelpers(errors: Record<string, string> = {}): FieldHelpers {
  return {
    id: fieldId,
    errorId: fieldErrorId,
    attrs(name, ...hints) {
      const describedBy = [...(errors[name] ? [fieldErrorId(name)] : []), ...hints];
      const parts = [`id="${attribute(fieldId(name))}"`];
      if (errors[name]) parts.push('aria-invalid="true"');
      if (describedBy.length) parts.push(`aria-describedby="${attribute(describedBy.join(' '))}"`);
      return parts.join(' ');
    },
  };
}
