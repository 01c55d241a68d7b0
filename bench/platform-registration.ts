// Shared by the benchmarks that run the tool in processes of its own.
import type { TestPlatform } from '../test/support/platform';
import type { ToolRegistration } from '../test/support/platform-types';

/** Registers the test platform with the tool through the admin route, as an administrator would. */
export async function registerPlatform(toolUrl: string, platform: TestPlatform, adminToken: string): Promise<ToolRegistration> {
  const registration = platform.registerTool({ loginUrl: `${toolUrl}/login`, redirectUris: [toolUrl, `${toolUrl}/`], jwksUrl: `${toolUrl}/keys`, targetLinkUri: `${toolUrl}/` });
  const response = await fetch(`${toolUrl}/admin/platforms`, {
    method: 'POST',
    redirect: 'manual',
    headers: { authorization: `Bearer ${adminToken}` },
    body: new URLSearchParams({
      name: 'Bench Moodle',
      issuer: platform.issuer,
      clientId: registration.clientId,
      authLoginUrl: platform.authUrl,
      accessTokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deploymentIds: registration.deploymentId,
      activate: 'on',
    }),
  });
  if (response.status !== 303) throw new Error(`platform registration failed: ${response.status} ${await response.text()}`);
  return registration;
}
