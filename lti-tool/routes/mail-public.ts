import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: the unsubscribe link that works without logging in (/mail/unsubscribe/:token). */
export function mailPublicRouter(_deps: AppDeps): Router {
  return Router();
}
