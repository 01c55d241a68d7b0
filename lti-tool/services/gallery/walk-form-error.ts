import { AppError } from '../../errors';

/** A refusal of the form's content that only the database can tell: shown beside its field. */
export class WalkFormError extends AppError {
  constructor(
    readonly field: string,
    readonly key: string,
    params: Readonly<Record<string, string | number>> = {},
  ) {
    super(422, 'gallery_setup_invalid', `${field}: ${key}`, params);
  }
}
