import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: a participant's progress, school leaders' view, the completion rule and exemptions (part D). */
export function progressRoutes(_deps: AppDeps): Router {
  return Router();
}
