import { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import { savePlatformRegistration, type PlatformDeps } from './platforms';
import { findPlatform, type PlatformRow } from '../../models/platforms';

const toolConfigurationClaim = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const platformConfigurationClaim = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const scopes = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

const openIdConfigurationSchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  authorization_server: z.string().optional(),
  [platformConfigurationClaim]: z.object({ product_family_code: z.string().optional() }).optional(),
});

const registrationResponseSchema = z.object({
  client_id: z.string().min(1),
  [toolConfigurationClaim]: z.object({ deployment_id: z.union([z.string(), z.number()]).optional() }).optional(),
});

export const registrationQuerySchema = z.object({
  openid_configuration: z.url({ protocol: /^https?$/ }),
  registration_token: z.string().optional(),
});

/** The registration we send: what Moodle needs to launch us, place items and call AGS and NRPS. */
export function toolRegistrationRequest(config: Pick<Config, 'publicUrl'>): Record<string, unknown> {
  const base = config.publicUrl;
  const target = `${base}/`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/login`,
    redirect_uris: [base, target],
    client_name: 'Nätverk',
    jwks_uri: `${base}/keys`,
    logo_uri: `${base}/assets/logo.png`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [toolConfigurationClaim]: {
      domain: new URL(base).host,
      description: 'Professional-learning networks for teachers: meetings, presentations, gallery walks, groups.',
      target_link_uri: target,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: target },
        { type: 'LtiDeepLinkingRequest', target_link_uri: target, label: 'Nätverk' },
      ],
    },
  };
}

async function fetchJson(url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AppError(502, 'registration_failed', `${url}: ${String(error)}`);
  }
  if (!response.ok) throw new AppError(502, 'registration_failed', `${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * LTI Dynamic Registration as Moodle does it: read the platform's configuration, post our registration
 * with the one-time token, record the platform (pending unless auto-activation is on) and its deployment.
 * A repeated registration of the same issuer and client id updates the platform and keeps its status.
 */
export async function registerDynamically(
  deps: PlatformDeps & { config: Pick<Config, 'publicUrl' | 'autoActivatePlatforms'> },
  query: unknown,
): Promise<PlatformRow> {
  const parsed = registrationQuerySchema.safeParse(query);
  if (!parsed.success) throw new AppError(400, 'registration_invalid', parsed.error.message);
  const { openid_configuration: configurationUrl, registration_token: token } = parsed.data;
  const configuration = openIdConfigurationSchema.safeParse(await fetchJson(configurationUrl, { headers: bearer(token) }));
  if (!configuration.success) throw new AppError(502, 'registration_failed', configuration.error.message);
  const platform = configuration.data;
  // The configuration must come from the issuer's own site, or anyone could register a platform in its name.
  if (!sameOrigin(configurationUrl, platform.issuer)) throw new AppError(400, 'registration_invalid', 'issuer and configuration URL differ');

  const response = registrationResponseSchema.safeParse(
    await fetchJson(platform.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(toolRegistrationRequest(deps.config)),
    }),
  );
  if (!response.success) throw new AppError(502, 'registration_failed', response.error.message);
  const deploymentId = response.data[toolConfigurationClaim]?.deployment_id;
  const existing = await findPlatform(deps.db, platform.issuer, response.data.client_id);
  return savePlatformRegistration(deps, {
    name: `${platform[platformConfigurationClaim]?.product_family_code ?? 'LTI'} ${new URL(configurationUrl).host}`,
    issuer: platform.issuer,
    clientId: response.data.client_id,
    authLoginUrl: platform.authorization_endpoint,
    accessTokenUrl: platform.token_endpoint,
    authorizationServer: platform.authorization_server,
    jwksUrl: platform.jwks_uri,
    deploymentIds: deploymentId === undefined ? [] : [String(deploymentId)],
    productFamily: platform[platformConfigurationClaim]?.product_family_code,
    registeredBy: 'dynamic',
    status: existing?.status ?? (deps.config.autoActivatePlatforms ? 'active' : 'pending'),
  });
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
