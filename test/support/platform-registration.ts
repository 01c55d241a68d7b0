// LTI Dynamic Registration as Moodle 4.5 does it: openid-configuration.php is public (Moodle checks no
// token there, and ltijs fetches it without one); openid-registration.php needs the registration token
// (a JWT signed by the platform, valid one hour; `sub` is the client id to issue, or with scope
// "reg-update" the type id to update).
import type { Express, Request, Response } from 'express';
import type { TestPlatform } from './platform';
import { asyncHandler, bearer, parseJson, rawBody } from './platform-http';
import { verifyOwnJwt } from './platform-jwt';
import { registrationToConfig, type ToolConfig } from './platform-registration-config';
import { ALL_SCOPES, CLAIM, MOODLE_RELEASE, type PlatformInternals, type ToolRegistration } from './platform-types';

const TOOL_SETTINGS_SCOPE = 'https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting';

export function mountRegistrationRoutes(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  app.get('/mod/lti/openid-configuration.php', (_req, res) => {
    res.type('application/json; charset=utf-8').send(JSON.stringify(openidConfiguration(platform), null, 4));
  });
  app.post(
    '/mod/lti/openid-registration.php',
    rawBody,
    asyncHandler((req, res) => register(platform, internals, req, res)),
  );
}

function openidConfiguration(platform: TestPlatform): Record<string, unknown> {
  return {
    issuer: platform.issuer,
    token_endpoint: platform.tokenUrl,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: platform.jwksUrl,
    authorization_endpoint: platform.authUrl,
    registration_endpoint: `${platform.url}/mod/lti/openid-registration.php`,
    scopes_supported: [...ALL_SCOPES, TOOL_SETTINGS_SCOPE, 'openid'],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
    [CLAIM.platformConfiguration]: {
      product_family_code: 'moodle',
      version: MOODLE_RELEASE,
      messages_supported: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
      ],
      variables: ['CourseSection.timeFrame.end', 'CourseSection.timeFrame.begin', 'Context.id.history', 'ResourceLink.id.history'],
    },
  };
}

/** The verified registration token's sub and scope, or undefined. */
async function registrationClaims(internals: PlatformInternals, req: Request) {
  const token = bearer(req);
  if (!token) return undefined;
  try {
    const { sub, scope } = await verifyOwnJwt(internals.keys, token);
    return typeof sub === 'string' && typeof scope === 'string' ? { sub, scope } : undefined;
  } catch {
    return undefined;
  }
}

type Target = { error: string; status: number } | { clientId: string; existing?: ToolRegistration };

/** Moodle's validate_registration_token: a "reg" token is spent once its client id exists. */
function registrationTarget(platform: TestPlatform, claims: { sub: string; scope: string }): Target {
  if (claims.scope === 'reg') {
    if (platform.tools.some((t) => t.clientId === claims.sub)) return { error: 'token_already_used', status: 401 };
    return { clientId: claims.sub };
  }
  if (claims.scope === 'reg-update') {
    const existing = platform.tools.find((t) => t.deploymentId === claims.sub);
    return existing ? { clientId: existing.clientId, existing } : { error: 'Unknown client', status: 400 };
  }
  return { error: 'Incorrect scope', status: 403 };
}

async function register(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response) {
  const payload = parseJson(req.body);
  const fail = (status: number, error: string) => {
    platform.registrations.push({ at: new Date(), status, error, request: payload ?? req.body });
    res.status(status).type('text/plain; charset=utf-8').send(error);
  };
  if (!bearer(req)) return fail(401, 'missing_registration_token');
  const claims = await registrationClaims(internals, req);
  if (!claims) return fail(401, 'invalid_registration_token');
  const target = registrationTarget(platform, claims);
  if ('error' in target) return fail(target.status, target.error);
  if (!payload) return fail(400, 'invalid JSON');
  const config = registrationToConfig(payload);
  if (typeof config === 'string') return fail(400, config);

  const tool = saveTool(platform, target.clientId, target.existing, config);
  platform.registrations.push({
    at: new Date(),
    status: 200,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    request: payload,
  });
  res.type('application/json; charset=utf-8').send(JSON.stringify(configToRegistration(tool, config)));
}

/** Adds the tool (new client id and a new type id = deployment id) or updates it in place. */
function saveTool(
  platform: TestPlatform,
  clientId: string,
  existing: ToolRegistration | undefined,
  config: ToolConfig,
): ToolRegistration {
  const fields = {
    loginUrl: config.initiateLoginUri,
    redirectUris: config.redirectUris,
    jwksUrl: config.jwksUri,
    targetLinkUri: config.targetLinkUri,
    scopes: config.scopes,
    ...(config.deepLinkUrl === undefined ? {} : { deepLinkUrl: config.deepLinkUrl }),
  };
  if (!existing) return platform.registerTool({ clientId, ...fields });
  delete existing.deepLinkUrl;
  return Object.assign(existing, fields);
}

/** Moodle's config_to_registration: the answer the tool stores (client_id, deployment_id, …). */
function configToRegistration(tool: ToolRegistration, config: ToolConfig): Record<string, unknown> {
  const toolConfiguration: Record<string, unknown> = {
    version: '1.3.0',
    deployment_id: tool.deploymentId,
    target_link_uri: config.targetLinkUri,
    domain: config.domain,
    description: config.description,
  };
  if (config.hasDeepLinking) {
    toolConfiguration.messages = [
      { type: 'LtiDeepLinkingRequest', ...(config.deepLinkUrl ? { target_link_uri: config.deepLinkUrl } : {}) },
    ];
  }
  if (Object.keys(config.customParameters).length > 0) toolConfiguration.custom_parameters = config.customParameters;
  toolConfiguration.claims = ['sub', 'iss', ...(config.sendName ? ['name', 'family_name', 'given_name'] : []),
    ...(config.sendEmail ? ['email'] : [])];
  return {
    client_id: tool.clientId,
    response_types: ['id_token'],
    jwks_uri: config.jwksUri,
    initiate_login_uri: config.initiateLoginUri,
    grant_types: ['client_credentials', 'implicit'],
    redirect_uris: config.redirectUris,
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    client_name: config.clientName,
    logo_uri: config.logoUri,
    scope: config.scopes.join(' '),
    [CLAIM.toolConfiguration]: toolConfiguration,
  };
}
