import type { FormRow } from '../../../models/evaluations';

export type FormState = 'draft' | 'scheduled' | 'open' | 'closed';

/** Where a form stands now: not yet published, published but not yet open, open for answers, or closed. */
export function formStateOf(form: Pick<FormRow, 'publishedAt' | 'opensAt' | 'closesAt'>, now: Date): FormState {
  if (!form.publishedAt) return 'draft';
  if (form.opensAt && form.opensAt > now) return 'scheduled';
  if (form.closesAt && form.closesAt <= now) return 'closed';
  return 'open';
}
