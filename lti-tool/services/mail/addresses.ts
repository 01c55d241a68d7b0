import { z } from 'zod';

/** An address fit for a To header: what the platform shared may be anything, so it is checked before use. */
export function isMailAddress(value: string | null | undefined): value is string {
  return typeof value === 'string' && !/[\s<>,;"]/.test(value) && z.email().safeParse(value).success;
}
