import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** STAND-IN: replaced by its part of issue 13. */
export function evaluationAnswerRoutes(deps: AppDeps): Router {
  void deps;
  return Router();
}
