// Validation of a tool's registration request, ported from Moodle 4.5's
// registration_helper::registration_to_config (same checks, same error strings, same order).
import { CLAIM, SCOPE } from './platform-types';

export interface ToolConfig {
  clientName: string;
  initiateLoginUri: string;
  redirectUris: string[];
  jwksUri: string;
  logoUri: string;
  domain: string;
  targetLinkUri: string;
  description: string;
  hasDeepLinking: boolean;
  deepLinkUrl?: string;
  customParameters: Record<string, string>;
  /** Service scopes Moodle will grant, derived from the requested `scope` as Moodle does. */
  scopes: string[];
  sendName: boolean;
  sendEmail: boolean;
}

class RegistrationError extends Error {}

/** PHP's empty(): missing, null, false, 0, '', '0' and [] all count as absent. */
function phpEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    value === '0' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function get(payload: Record<string, unknown>, key: string, required: boolean): unknown {
  const value = payload[key];
  if (phpEmpty(value)) {
    if (required) throw new RegistrationError(`missing required attribute ${key}`);
    return undefined;
  }
  return value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Moodle's lti_get_domain_from_url: host[:port] without scheme and without a leading "www.". */
export function domainFromUrl(url: string): string | undefined {
  return /(?:https?:\/\/)?(?:www\.)?([^/]+)(?:\/|$)/i.exec(url)?.[1];
}

/** Grade sync level 1 (score, result, lineitem.readonly) or 2 (plus lineitem), and NRPS, as Moodle maps them. */
function grantedScopes(requested: string[]): string[] {
  const ags = [SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly, SCOPE.lineItem] as string[];
  const granted: string[] = [];
  if (requested.some((s) => ags.includes(s))) granted.push(SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly);
  if (requested.includes(SCOPE.lineItem)) granted.push(SCOPE.lineItem);
  if (requested.includes(SCOPE.nrps)) granted.push(SCOPE.nrps);
  return granted;
}

function deepLinkMessage(toolConfiguration: Record<string, unknown>): Record<string, unknown> | undefined {
  const messages = Array.isArray(toolConfiguration.messages) ? (toolConfiguration.messages as unknown[]) : [];
  return messages.find(
    (m): m is Record<string, unknown> =>
      m !== null && typeof m === 'object' && (m as Record<string, unknown>).type === 'LtiDeepLinkingRequest',
  );
}

function customParameters(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function toConfig(payload: Record<string, unknown>): ToolConfig {
  const responseTypes = get(payload, 'response_types', true);
  const initiateLoginUri = text(get(payload, 'initiate_login_uri', true));
  const redirectUris = get(payload, 'redirect_uris', true);
  const clientName = text(get(payload, 'client_name', true));
  const jwksUri = text(get(payload, 'jwks_uri', true));
  const authMethod = get(payload, 'token_endpoint_auth_method', true);
  const applicationType = get(payload, 'application_type', false);
  const logoUri = text(get(payload, 'logo_uri', false));
  const toolConfiguration = get(payload, CLAIM.toolConfiguration, true) as Record<string, unknown>;
  const rawDomain = text(get(toolConfiguration, 'domain', false));
  const claims = get(toolConfiguration, 'claims', false);
  const requestedScopes = text(get(payload, 'scope', false)).split(' ');

  if (rawDomain === '') throw new RegistrationError('missing_domain');
  const targetLinkUri = text(get(toolConfiguration, 'target_link_uri', false)) || `https://${rawDomain}`;
  const domain = domainFromUrl(rawDomain);
  if (domain !== domainFromUrl(targetLinkUri)) throw new RegistrationError('domain_targetlinkuri_mismatch');
  if (!Array.isArray(responseTypes) || !responseTypes.includes('id_token')) {
    throw new RegistrationError('invalid_response_types');
  }
  if (!Array.isArray(redirectUris)) throw new RegistrationError('invalid_redirect_uris');
  if (authMethod !== 'private_key_jwt') throw new RegistrationError('invalid_token_endpoint_auth_method');
  if (applicationType !== undefined && applicationType !== 'web') throw new RegistrationError('invalid_application_type');

  const deepLinking = deepLinkMessage(toolConfiguration);
  const deepLinkUrl = text(deepLinking?.target_link_uri);
  const claimList = Array.isArray(claims) ? (claims as unknown[]) : [];
  return {
    clientName,
    initiateLoginUri,
    redirectUris: redirectUris.map((u) => String(u)),
    jwksUri,
    logoUri,
    domain: domain ?? rawDomain,
    targetLinkUri,
    description: text(toolConfiguration.description),
    hasDeepLinking: deepLinking !== undefined,
    ...(deepLinkUrl ? { deepLinkUrl } : {}),
    customParameters: customParameters(toolConfiguration.custom_parameters),
    scopes: grantedScopes(requestedScopes),
    sendName: ['name', 'given_name', 'family_name'].some((c) => claimList.includes(c)),
    sendEmail: claimList.includes('email'),
  };
}

/** The validated configuration, or Moodle's error string for a 400 answer. */
export function registrationToConfig(payload: Record<string, unknown>): ToolConfig | string {
  try {
    return toConfig(payload);
  } catch (error) {
    if (error instanceof RegistrationError) return error.message;
    throw error;
  }
}
