import { z } from 'zod';
import type { Config } from '../config';
import { AppError, forbidden } from '../errors';
import type { LtiRuntime } from '../lti/provider';
import { canManageNetwork } from '../lti/roles';
import type { LaunchContext } from '../routes/session-context';

/** Items a leader can place in the course. Later features add their own (programme, meetings, assignments). */
export const deepLinkItemKinds = ['home', 'progress'] as const;
export type DeepLinkItemKind = (typeof deepLinkItemKinds)[number];

export const deepLinkSelectionSchema = z.object({
  items: z
    .union([z.enum(deepLinkItemKinds), z.array(z.enum(deepLinkItemKinds))])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  progressMaximum: z.coerce.number().int().min(1).max(1000).default(100),
});
export type DeepLinkSelection = z.infer<typeof deepLinkSelectionSchema>;

export interface ContentItem {
  type: 'ltiResourceLink';
  title: string;
  text?: string;
  url: string;
  custom: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId: string; tag: string };
}

function assertDeepLinkingLeader(launch: LaunchContext): void {
  if (launch.messageType !== 'LtiDeepLinkingRequest' || !launch.claims.deepLinkingSettings) throw new AppError(400, 'not_deep_linking');
  if (!canManageNetwork(launch.roles)) throw forbidden('deep linking needs a leader');
}

/** The content items for a selection. Each url is exactly a registered redirect URI; the item is in `custom`. */
export function contentItemsFor(config: Pick<Config, 'publicUrl'>, selection: DeepLinkSelection, titles: Record<DeepLinkItemKind, string>): ContentItem[] {
  const url = `${config.publicUrl}/`;
  return selection.items.map((kind) => {
    const item: ContentItem = { type: 'ltiResourceLink', title: titles[kind], url, custom: { natverk_item: kind } };
    if (kind === 'progress') {
      item.lineItem = { scoreMaximum: selection.progressMaximum, label: titles[kind], resourceId: 'natverk-progress', tag: 'natverk' };
    }
    return item;
  });
}

/** Signs the LtiDeepLinkingResponse for the platform; returns where to post it and the JWT. */
export async function buildDeepLinkResponse(
  lti: LtiRuntime,
  launch: LaunchContext,
  items: ContentItem[],
  message: string,
): Promise<{ returnUrl: string; jwt: string }> {
  assertDeepLinkingLeader(launch);
  const settings = launch.claims.deepLinkingSettings as { deep_link_return_url: string };
  const idtoken = {
    iss: launch.claims.issuer,
    clientId: launch.claims.clientId,
    deploymentId: launch.claims.ltiDeploymentId,
    platformContext: { deepLinkingSettings: settings },
  };
  // Not ltijs's errMessage option: it writes the claim name with a trailing space.
  const jwt = await lti.provider.DeepLinking.createDeepLinkingMessage(idtoken, items, { message });
  return { returnUrl: settings.deep_link_return_url, jwt };
}

export { assertDeepLinkingLeader };
