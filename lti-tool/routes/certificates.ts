import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: issuing, downloading and revoking certificates inside a launch (part E). */
export function certificateRoutes(_deps: AppDeps): Router {
  return Router();
}
