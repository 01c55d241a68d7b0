import { Router } from 'express';
import type { AppDeps } from './http/app-deps';

/** STAND-IN (part B): the big screen's QR code lands here, outside any launch: `/evaluate/:code`. */
export function evaluatePublicRouter(deps: AppDeps): Router {
  void deps;
  return Router();
}
