import type { AppDeps } from './http/app-deps';
import { LaunchRejected } from '../errors';
import { launchCookieOptions } from '../lti/cookies';
import type { LtiHandlers } from '../lti/provider';
import type { GuardedLaunch } from '../lti/launch-guard';
import { recordLaunch, sessionLifetimeMs } from '../services/launch';
import { landingPathFor } from '../services/deep-linking';
import { sessionCookieName, sessionPath } from './http/session-context';

/** What happens after ltijs has verified an id_token, or refused one. */
export function launchRouter(deps: AppDeps): LtiHandlers {
  return {
    async onVerifiedLaunch(launch, _req, res) {
      const guarded = res.locals.launchPlatform as GuardedLaunch | undefined;
      if (!guarded) throw new LaunchRejected('STATE_MISMATCH'); // the guard runs before every verified launch
      const recorded = await recordLaunch(deps.db, launch, guarded, { rosterMaxAgeMinutes: deps.config.rosterMaxAgeMinutes });
      if (recorded.rosterStale && recorded.contextId) deps.onStaleRoster?.(recorded.contextId);
      const path = sessionPath(recorded.handle);
      res.cookie(sessionCookieName(recorded.handle), recorded.secret, {
        ...launchCookieOptions(deps.config),
        path,
        maxAge: sessionLifetimeMs,
      });
      const page = recorded.messageType === 'LtiDeepLinkingRequest' ? 'deep-link' : landingPathFor(launch.context.custom ?? {});
      res.redirect(303, `${path}/${page}`);
    },
    onRejectedLaunch(reason, next) {
      // ltijs reports through callbacks; hand its reason to our one error path.
      next(new LaunchRejected(reason));
    },
  };
}
