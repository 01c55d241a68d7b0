import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: filled by its part of issue 11. */
export function mailRoutes(_deps: AppDeps): Router {
  return Router();
}
