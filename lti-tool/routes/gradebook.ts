import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** Stand-in: the gradebook, its CSV and PDF exports (part A). */
export function gradebookRoutes(_deps: AppDeps): Router {
  return Router();
}
