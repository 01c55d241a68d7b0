import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: grading a submission beside its slides, the set-up, the comment bank, release (part B). */
export function gradingRoutes(_deps: AppDeps): Router {
  return Router();
}
