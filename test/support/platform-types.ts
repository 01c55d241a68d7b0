// Shared types and constants of the test LTI 1.3 platform (a stand-in for Moodle 4.5).
// Kept apart so the route modules can depend on them without importing the platform class.
import type { KeyObject } from 'node:crypto';
import type { JWTVerifyGetKey } from 'jose';

export type MessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';

/** What the platform knows about a tool (one Moodle "tool type"). */
export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  /** OIDC login initiation URL of the tool. */
  loginUrl: string;
  /** Exact-match list: Moodle compares the redirect_uri as a plain string. */
  redirectUris: string[];
  /** Tool JWKS, used to verify client assertions and deep-link responses. */
  jwksUrl: string;
  targetLinkUri: string;
  deepLinkUrl?: string;
  /** Service scopes the tool may obtain; undefined means all (a manually configured tool with every service on). */
  scopes?: string[];
}

/** Ways to break an id_token on purpose, for negative tests. */
export interface IdTokenTamper {
  /** null => no kid header; string => that kid. */
  kid?: string | null;
  /** Unsigned token "header.payload.". */
  alg?: 'none';
  /** Signed with a different key but the platform's kid. */
  badSignature?: boolean;
  nonce?: string;
  iat?: number;
  exp?: number;
  iss?: string;
  aud?: string | string[];
  azp?: string;
  /** Replace the state echoed back to the tool. */
  state?: string;
}

export interface LaunchSpec {
  /** Claims merged over the defaults; a key whose value is undefined is deleted from the token. */
  claims?: Record<string, unknown>;
  tamper?: IdTokenTamper;
  messageType?: MessageType;
}

export interface ScoreRecord {
  lineItemUrl: string;
  body: any; // any: tests read arbitrary score fields
  receivedAt: Date;
}

export interface LineItemRecord {
  id: string;
  contextId: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
}

export interface DeepLinkResponseRecord {
  payload: any; // any: tests read arbitrary claims
  contentItems: any[]; // any: content items are free-form JSON
  data?: string;
}

export interface MemberRecord {
  user_id: string;
  roles: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  status?: string;
}

export interface RegistrationRecord {
  at: Date;
  status: number;
  clientId?: string;
  deploymentId?: string;
  error?: string;
  request: unknown;
}

export interface FailureSpec {
  status?: number;
  delayMs?: number;
  /** Default Infinity. */
  count?: number;
}

/** A launch prepared by prepareLaunch and consumed by auth.php (single use, like Moodle's session hint). */
export interface PreparedLaunch {
  tool: ToolRegistration;
  loginHint: string;
  /** Default claims, fixed when the launch is prepared (they hold the deep-linking `data`). */
  defaults: Record<string, unknown>;
  /** The test's overrides, applied over the standard claims too, so a test can even delete `nonce`. */
  overrides: Record<string, unknown>;
  tamper: IdTokenTamper;
}

export interface AccessToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/** Where a deep-linking request came from, to check the response's `data` and place line items. */
export interface DeepLinkGrant {
  clientId: string;
  contextId: string;
}

export interface PlatformKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The same private key as a node:crypto KeyObject, for synchronous signing. */
  privateKeyObject: KeyObject;
  publicJwk: Record<string, unknown>;
  /** A second key, to sign tokens that must fail verification. */
  strayPrivateKey: CryptoKey;
}

/** Mutable state shared by the route modules but not part of the public API. */
export interface PlatformInternals {
  keys: PlatformKeys;
  launches: Map<string, PreparedLaunch>;
  accessTokens: Map<string, AccessToken>;
  usedJtis: Set<string>;
  deepLinkGrants: Map<string, DeepLinkGrant>;
  /** Client ids that got a deep-linking request without `data` (a test removed it). */
  dataLessDeepLinks: Set<string>;
  contexts: Map<string, { label: string; title: string }>;
  /** Tool keysets cached per client id and JWKS URL, as Moodle caches them. */
  toolKeySets: Map<string, JWTVerifyGetKey>;
  failure: { status?: number; delayMs: number; remaining: number } | null;
  nextTypeId: number;
  nextLineItemId: number;
  nextResourceLinkId: number;
}

export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  ext: 'https://purl.imsglobal.org/spec/lti/claim/ext',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  dlContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  toolConfiguration: 'https://purl.imsglobal.org/spec/lti-tool-configuration',
  platformConfiguration: 'https://purl.imsglobal.org/spec/lti-platform-configuration',
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const AGS_SCOPES: string[] = [SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.resultReadonly, SCOPE.score];
export const ALL_SCOPES: string[] = [...AGS_SCOPES, SCOPE.nrps];

export const MEMBERSHIP_ROLE_PREFIX = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/** Moodle's $CFG->release and $CFG->version for 4.5.5. */
export const MOODLE_RELEASE = '4.5.5';
export const MOODLE_VERSION = '2024100705';
