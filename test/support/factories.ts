import { findDeployment, findPlatform, type PlatformRow } from '../../models/platforms';
import { upsertContext, type ContextRow } from '../../models/launches';
import { DEFAULT_CONTEXT, serviceUrls } from './platform-claims';
import type { ToolUnderTest } from './tool';

/**
 * The test platform's default course as the tool would know it after a launch: its context row with the
 * AGS and NRPS endpoints, under the registered platform and deployment.
 */
export async function buildPlatformCourse(t: ToolUnderTest): Promise<{ platform: PlatformRow; context: ContextRow }> {
  const db = t.database.db;
  const platform = await findPlatform(db, t.platform.issuer, t.registration.clientId);
  const deployment = platform && (await findDeployment(db, platform.id, t.registration.deploymentId));
  if (!platform || !deployment) throw new Error('test platform not registered');
  const urls = serviceUrls(t.platform.url, DEFAULT_CONTEXT.id, t.registration.deploymentId);
  const context = await upsertContext(db, deployment.id, {
    contextId: DEFAULT_CONTEXT.id,
    title: DEFAULT_CONTEXT.title,
    lineItemsUrl: urls.lineItems,
    membershipsUrl: urls.memberships,
  });
  return { platform, context };
}
