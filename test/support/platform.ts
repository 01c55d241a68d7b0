// A real LTI 1.3 platform over HTTP that behaves towards a tool like Moodle 4.5 (see /work/shared/MOODLE.md):
// OIDC login with exact redirect_uri matching, RS256 id_tokens, client-credentials tokens, AGS, NRPS,
// deep linking and dynamic registration, on Moodle's paths. Used by the tests and the benchmark.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { mountAgsRoutes } from './platform-ags';
import { mountAuthRoutes } from './platform-auth';
import {
  DEFAULT_CONTEXT,
  DEFAULT_PERSON,
  applyOverrides,
  buildDefaultClaims,
  idsFromOverrides,
  objectClaim,
  shortRole,
  type LaunchIds,
} from './platform-claims';
import { mountCoursePage } from './platform-course';
import { mountDeepLinkRoute } from './platform-deeplink';
import { createPlatformKeys, randomId, signJwtSync } from './platform-jwt';
import { mountNrpsRoutes } from './platform-nrps';
import { mountRegistrationRoutes } from './platform-registration';
import { mountScoreRoutes } from './platform-scores';
import { mountTokenRoute } from './platform-token';
import {
  CLAIM,
  MEMBERSHIP_ROLE_PREFIX,
  type DeepLinkResponseRecord,
  type FailureSpec,
  type LaunchSpec,
  type LineItemRecord,
  type MemberRecord,
  type MessageType,
  type PlatformInternals,
  type PlatformKeys,
  type RegistrationRecord,
  type ScoreRecord,
  type ToolRegistration,
} from './platform-types';

export type {
  DeepLinkResponseRecord,
  IdTokenTamper,
  LaunchSpec,
  LineItemRecord,
  MemberRecord,
  MessageType,
  RegistrationRecord,
  ScoreRecord,
  ToolRegistration,
} from './platform-types';
export { CLAIM, SCOPE } from './platform-types';
export { DEFAULT_CONTEXT, DEFAULT_PERSON, DEFAULT_RESOURCE_LINK } from './platform-claims';

type ToolInput = Omit<ToolRegistration, 'clientId' | 'deploymentId'> &
  Partial<Pick<ToolRegistration, 'clientId' | 'deploymentId'>>;

/** Listens on 127.0.0.1 on a random free port. */
function listen(app: Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

function person(userId: string, role: string, givenName: string, familyName: string, email: string): MemberRecord {
  const name = `${givenName} ${familyName}`;
  return { user_id: userId, roles: [role], name, given_name: givenName, family_name: familyName, email };
}

/** Two learners next to the default teacher, so a fresh course has a roster. */
function seedMembers(): MemberRecord[] {
  const p = DEFAULT_PERSON;
  return [
    person(p.sub, 'Instructor', p.given_name, p.family_name, p.email),
    person('3', 'Learner', 'Erik', 'Johansson', 'erik.johansson@skolan.example'),
    person('4', 'Learner', 'Aisha', 'Ahmed', 'aisha.ahmed@skolan.example'),
  ];
}

export class TestPlatform {
  readonly url: string;
  readonly issuer: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly openidConfigurationUrl: string;
  readonly kid: string;

  tools: ToolRegistration[] = [];
  scores: ScoreRecord[] = [];
  lineItems: LineItemRecord[] = [];
  deepLinkResponses: DeepLinkResponseRecord[] = [];
  /** Every dynamic registration attempt, accepted or refused. */
  registrations: RegistrationRecord[] = [];
  jwksRequests = 0;
  tokenRequests = 0;
  members = new Map<string, MemberRecord[]>([[DEFAULT_CONTEXT.id, seedMembers()]]);
  nrpsPageSize = 10;
  /** Membership requests answered (or being answered) so far. */
  nrpsRequests = 0;
  /** How long each membership page takes to answer, as on a slow Moodle. */
  nrpsDelayMs = 0;

  private readonly internals: PlatformInternals;

  static async start(opts: { issuer?: string } = {}): Promise<TestPlatform> {
    const keys = await createPlatformKeys();
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    const server = await listen(app);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new TestPlatform(app, server, url, opts.issuer ?? url, keys);
  }

  private constructor(
    app: Express,
    private readonly server: Server,
    url: string,
    issuer: string,
    keys: PlatformKeys,
  ) {
    this.url = url;
    this.issuer = issuer;
    this.authUrl = `${url}/mod/lti/auth.php`;
    this.tokenUrl = `${url}/mod/lti/token.php`;
    this.jwksUrl = `${url}/mod/lti/certs.php`;
    this.openidConfigurationUrl = `${url}/mod/lti/openid-configuration.php`;
    this.kid = keys.kid;
    this.internals = {
      keys,
      launches: new Map(),
      accessTokens: new Map(),
      usedJtis: new Set(),
      deepLinkGrants: new Map(),
      dataLessDeepLinks: new Set(),
      contexts: new Map([[DEFAULT_CONTEXT.id, { label: DEFAULT_CONTEXT.label, title: DEFAULT_CONTEXT.title }]]),
      toolKeySets: new Map(),
      failure: null,
      nextTypeId: 1,
      nextLineItemId: 1,
      nextResourceLinkId: 8, // 7 is the default activity
    };
    const routes = [mountAuthRoutes, mountTokenRoute, mountAgsRoutes, mountScoreRoutes, mountNrpsRoutes];
    for (const mount of [...routes, mountDeepLinkRoute, mountRegistrationRoutes]) mount(app, this, this.internals);
    mountCoursePage(app, this.coursePages);
  }

  private readonly coursePages = new Map<string, { loginUrl: string; params: Record<string, string> }>();

  /** A course page (Moodle's view.php, iframe container) whose frame launches the tool with `spec`. */
  coursePageUrl(tool: ToolRegistration, spec?: LaunchSpec): string {
    const { loginParams } = this.prepareLaunch(tool, spec);
    const id = String(this.coursePages.size + 1);
    this.coursePages.set(id, { loginUrl: tool.loginUrl, params: loginParams });
    return `${this.url}/mod/lti/view.php?id=${id}`;
  }

  /** Adds a tool like Moodle's "Manage tools": a random 15-character client id, type ids "1", "2", … */
  registerTool(tool: ToolInput): ToolRegistration {
    const registration: ToolRegistration = {
      ...tool,
      clientId: tool.clientId ?? randomId(15),
      deploymentId: tool.deploymentId ?? String(this.internals.nextTypeId++),
    };
    this.tools.push(registration);
    return registration;
  }

  /** Moodle's default claims for a launch of `tool` (optionally for other course/activity/user ids). */
  defaultClaims(
    tool: ToolRegistration,
    messageType: MessageType = 'LtiResourceLinkRequest',
    ids?: LaunchIds,
  ): Record<string, unknown> {
    return buildDefaultClaims({ url: this.url, lineItems: this.lineItems }, tool, messageType, ids);
  }

  /**
   * Prepares a launch like a user clicking the activity: returns the login initiation parameters the tool
   * receives; the id_token is built when the tool comes back to auth.php (once).
   */
  prepareLaunch(tool: ToolRegistration, spec: LaunchSpec = {}): { loginParams: Record<string, string> } {
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
    const overrides = spec.claims ?? {};
    const defaults = this.defaultClaims(tool, messageType, idsFromOverrides(overrides));
    const claims = applyOverrides(defaults, overrides);
    const launchId = `ltilaunch${randomId(10)}`;
    const loginHint = typeof claims.sub === 'string' ? claims.sub : DEFAULT_PERSON.sub;
    this.internals.launches.set(launchId, { tool, loginHint, defaults, overrides, tamper: spec.tamper ?? {} });
    this.rememberDeepLink(tool, claims);
    this.enrol(claims);
    const resourceLink = objectClaim(claims, CLAIM.resourceLink);
    const targetLinkUri = claims[CLAIM.targetLinkUri];
    return {
      loginParams: {
        iss: this.issuer,
        target_link_uri: typeof targetLinkUri === 'string' ? targetLinkUri : tool.targetLinkUri,
        login_hint: loginHint,
        lti_message_hint: JSON.stringify({ cmid: Number(resourceLink?.id ?? 0), launchid: launchId }),
        client_id: tool.clientId,
        lti_deployment_id: tool.deploymentId,
      },
    };
  }

  /**
   * Makes the service endpoints (token, line items, scores, results, memberships) answer `status` after
   * `delayMs` for the next `count` requests; without a status they are only delayed. null resets.
   */
  failWith(f: FailureSpec | null): void {
    this.internals.failure = f && { status: f.status, delayMs: f.delayMs ?? 0, remaining: f.count ?? Infinity };
  }

  /**
   * A registration token like the one Moodle hands the tool's registration page (valid one hour). With
   * `updateOf`, it is Moodle's "update existing tool" token for that tool.
   */
  registrationToken(opts: { updateOf?: ToolRegistration } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const sub = opts.updateOf ? opts.updateOf.deploymentId : randomId(15);
    const scope = opts.updateOf ? 'reg-update' : 'reg';
    return signJwtSync(this.internals.keys, { sub, scope, iat: now, exp: now + 3600 });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Clients keep sockets alive (fetch does); without this close() would wait for them.
      this.server.closeAllConnections();
    });
  }

  /** Remembers the `data` of a deep-linking request, which the response must echo. */
  private rememberDeepLink(tool: ToolRegistration, claims: Record<string, unknown>): void {
    if (claims[CLAIM.messageType] !== 'LtiDeepLinkingRequest') return;
    const data = objectClaim(claims, CLAIM.dlSettings)?.data;
    const contextId = objectClaim(claims, CLAIM.context)?.id;
    if (typeof data !== 'string') {
      this.internals.dataLessDeepLinks.add(tool.clientId);
      return;
    }
    this.internals.deepLinkGrants.set(data, {
      clientId: tool.clientId,
      contextId: typeof contextId === 'string' ? contextId : DEFAULT_CONTEXT.id,
    });
  }

  /** A user who launches from a course is enrolled in it: Moodle's NRPS and gradebook know them. */
  private enrol(claims: Record<string, unknown>): void {
    const context = objectClaim(claims, CLAIM.context);
    const sub = claims.sub;
    if (typeof sub !== 'string' || typeof context?.id !== 'string') return;
    if (!this.internals.contexts.has(context.id)) {
      const { label = '', title = '' } = context;
      this.internals.contexts.set(context.id, { label: String(label), title: String(title) });
    }
    const list = this.members.get(context.id) ?? [];
    this.members.set(context.id, list);
    if (list.some((m) => m.user_id === sub)) return;
    const roles = Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]) : [];
    // Context roles only (full membership URIs or already-short names); institution/system roles are not enrolments.
    const membership = roles
      .filter((r): r is string => typeof r === 'string' && (r.startsWith(MEMBERSHIP_ROLE_PREFIX) || /^\w+$/.test(r)))
      .map(shortRole);
    const person: MemberRecord = { user_id: sub, roles: membership.length ? membership : ['Learner'] };
    for (const key of ['name', 'given_name', 'family_name', 'email'] as const) {
      if (typeof claims[key] === 'string') person[key] = claims[key] as string;
    }
    list.push(person);
  }
}
