import type { ToolRole } from '../../lti-tool/lti/roles';
import type { Actor } from '../../lti-tool/policies';

/** An actor for calling a service directly, as the session loader would build it; overrides as needed. */
export function actorIn(options: { roles: ToolRole[]; contextId?: number; networkId?: number; userId?: number; mentees?: number[] }): Actor {
  return {
    user: { id: options.userId ?? 1 },
    roles: options.roles,
    context: options.contextId === undefined ? null : { id: options.contextId },
    network: options.networkId === undefined ? null : { id: options.networkId, language: 'sv' },
    mentees: new Set(options.mentees ?? []),
    sessionEndsAt: null,
  };
}
