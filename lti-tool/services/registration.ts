import { toolUrls } from '../lti/tool-urls';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import { savePlatformRegistration, type PlatformDeps } from './platforms';
import { checkUrlHost, fetchJsonGuarded } from './guarded-fetch';
import { AddressPolicy } from './public-addresses';
import { hashSecret } from './launch';
import { findPlatform, type PlatformRow } from '../../models/platforms';
import {
  claimRegistrationLink,
  countPendingPlatformsWithoutLink,
  recordLinkPlatform,
  releaseRegistrationLink,
  type RegistrationLinkRow,
} from '../../models/registration';

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
  const urls = toolUrls(config.publicUrl);
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login,
    redirect_uris: urls.redirect,
    client_name: 'Nätverk',
    jwks_uri: urls.jwks,
    logo_uri: urls.logo,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [toolConfigurationClaim]: {
      domain: new URL(urls.launch).host,
      description: 'Professional-learning networks for teachers: meetings, presentations, gallery walks, groups.',
      target_link_uri: urls.launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: urls.launch },
        { type: 'LtiDeepLinkingRequest', target_link_uri: urls.deepLinking, label: 'Nätverk' },
      ],
    },
  };
}

/** The largest answer the registration reads from a platform; Moodle's are a few kilobytes. */
const maxAnswerBytes = 1024 * 1024;
/** Registrations without a link waiting for activation; beyond this, strangers cannot add more. */
export const maxPendingWithoutLink = 20;
const maxNameLength = 120;

export type RegistrationDeps = PlatformDeps & {
  config: Pick<
    Config,
    'publicUrl' | 'autoActivatePlatforms' | 'registrationAllowedNetworks' | 'registrationTimeoutMs' | 'registrationRequireLink'
  >;
};

/**
 * LTI Dynamic Registration as Moodle does it: read the platform's configuration, post our registration
 * with the one-time token, record the platform and its deployment. Only a registration through a link an
 * administrator minted (`linkToken`) may be activated at once (AUTO_ACTIVATE_PLATFORMS); one without a link
 * stays pending. A repeated registration of the same issuer and client id updates the platform and keeps
 * its status. Every failure after the request is read looks the same to the caller (closed port, timeout,
 * refused address, bad answer): the reason goes to the log only, so the tool cannot be used to map a network.
 */
export async function registerDynamically(deps: RegistrationDeps, query: unknown, linkToken?: string): Promise<PlatformRow> {
  const parsed = registrationQuerySchema.safeParse(query);
  if (!parsed.success) throw new AppError(400, 'registration_invalid', parsed.error.message);
  const link = await takeLink(deps, linkToken);
  try {
    const platform = await registerWithPlatform(deps, parsed.data, link !== undefined);
    if (link) await recordLinkPlatform(deps.db, link.id, platform.id);
    return platform;
  } catch (error) {
    if (link) await releaseRegistrationLink(deps.db, link.id);
    if (error instanceof AppError) throw error;
    throw new AppError(502, 'registration_failed', error instanceof Error ? error.message : String(error));
  }
}

async function takeLink(deps: RegistrationDeps, linkToken: string | undefined): Promise<RegistrationLinkRow | undefined> {
  if (linkToken === undefined) {
    if (deps.config.registrationRequireLink) throw new AppError(403, 'registration_link_invalid', 'registration without a link');
    if ((await countPendingPlatformsWithoutLink(deps.db)) >= maxPendingWithoutLink) {
      throw new AppError(502, 'registration_failed', `already ${maxPendingWithoutLink} platforms without a link wait for activation`);
    }
    return undefined;
  }
  const link = isLinkToken(linkToken) ? await claimRegistrationLink(deps.db, hashSecret(linkToken), new Date()) : undefined;
  if (!link) throw new AppError(403, 'registration_link_invalid', 'unknown, used, expired or revoked registration link');
  return link;
}

async function registerWithPlatform(deps: RegistrationDeps, query: z.infer<typeof registrationQuerySchema>, viaLink: boolean): Promise<PlatformRow> {
  const { openid_configuration: configurationUrl, registration_token: token } = query;
  const policy = new AddressPolicy(deps.config.registrationAllowedNetworks);
  const fetchOptions = { policy, timeoutMs: deps.config.registrationTimeoutMs, maxBytes: maxAnswerBytes };
  const platform = openIdConfigurationSchema.parse(await fetchJsonGuarded(configurationUrl, { ...fetchOptions, headers: bearer(token) }));
  // The configuration must come from the issuer's own site, or anyone could register a platform in its name.
  if (!sameOrigin(configurationUrl, platform.issuer)) throw new Error(`issuer ${platform.issuer} and configuration URL differ`);
  // We fetch keys and tokens from these later: they must name hosts we would fetch from now.
  for (const url of [platform.authorization_endpoint, platform.token_endpoint, platform.jwks_uri]) {
    await checkUrlHost(url, policy, deps.config.registrationTimeoutMs);
  }
  const response = registrationResponseSchema.parse(
    await fetchJsonGuarded(platform.registration_endpoint, {
      ...fetchOptions,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(toolRegistrationRequest(deps.config)),
    }),
  );
  const deploymentId = response[toolConfigurationClaim]?.deployment_id;
  const existing = await findPlatform(deps.db, platform.issuer, response.client_id);
  const productFamily = platform[platformConfigurationClaim]?.product_family_code;
  return savePlatformRegistration(deps, {
    name: platformName(productFamily, platform.issuer),
    issuer: platform.issuer,
    clientId: response.client_id,
    authLoginUrl: platform.authorization_endpoint,
    accessTokenUrl: platform.token_endpoint,
    authorizationServer: platform.authorization_server,
    jwksUrl: platform.jwks_uri,
    deploymentIds: deploymentId === undefined ? [] : [String(deploymentId)],
    productFamily: productFamily?.slice(0, 40),
    registeredBy: 'dynamic',
    status: viaLink && deps.config.autoActivatePlatforms ? 'active' : (existing?.status ?? 'pending'),
  });
}

/** "moodle lms.example.org": from the platform's own configuration, printable and short. */
export function platformName(productFamily: string | undefined, issuer: string): string {
  const family = (productFamily ?? 'LTI').replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 40) || 'LTI';
  return `${family} ${new URL(issuer).host}`.slice(0, maxNameLength);
}

function isLinkToken(token: string): boolean {
  return /^[\w-]{43}$/.test(token);
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
