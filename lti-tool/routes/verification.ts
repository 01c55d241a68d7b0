import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: the public verification page, its JSON and the badge issuer (part E, outside any launch). */
export function verificationRouter(_deps: AppDeps): Router {
  return Router();
}
