// token.php: OAuth 2 client credentials with a JWT client assertion signed by the tool (private_key_jwt).
// Errors follow Moodle's token.php: HTTP 400 with {"error": "..."} for every refusal, invalid_client included.
import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { TestPlatform } from './platform';
import { asyncHandler, failureGate, formBody, param } from './platform-http';
import { verifyToolJwt } from './platform-jwt';
import { ALL_SCOPES, type PlatformInternals, type ToolRegistration } from './platform-types';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3600;

export function mountTokenRoute(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  app.post(
    '/mod/lti/token.php',
    (_req, _res, next) => {
      platform.tokenRequests += 1;
      next();
    },
    failureGate(internals),
    formBody,
    asyncHandler((req, res) => handleToken(platform, internals, req, res)),
  );
}

function refuse(res: Response, error: string): void {
  res.status(400).type('application/json; charset=utf-8').send(JSON.stringify({ error }));
}

/** The tool named by the assertion's `sub`, read before verification as Moodle does. */
function claimedTool(platform: TestPlatform, assertion: string): ToolRegistration | undefined {
  try {
    const sub = decodeJwt(assertion).sub;
    return platform.tools.find((t) => t.clientId === sub);
  } catch {
    return undefined;
  }
}

/** Verifies signature (tool JWKS), iss = sub = client id, aud = token URL or issuer, fresh jti. */
async function assertionValid(
  platform: TestPlatform,
  internals: PlatformInternals,
  tool: ToolRegistration,
  assertion: string,
): Promise<boolean> {
  try {
    const payload = await verifyToolJwt(internals, tool, assertion, {
      issuer: tool.clientId,
      subject: tool.clientId,
      audience: [platform.tokenUrl, platform.issuer],
    });
    const jtiKey = `${tool.clientId} ${String(payload.jti ?? '')}`;
    if (typeof payload.jti !== 'string' || payload.jti === '' || internals.usedJtis.has(jtiKey)) return false;
    internals.usedJtis.add(jtiKey);
    return true;
  } catch {
    return false;
  }
}

async function handleToken(platform: TestPlatform, internals: PlatformInternals, req: Request, res: Response) {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0];
  const body = (req.body ?? {}) as Record<string, unknown>;
  const assertion = param(body.client_assertion);
  const scope = param(body.scope);
  if (contentType !== 'application/x-www-form-urlencoded' || !assertion || !scope || !param(body.grant_type)) {
    return refuse(res, 'invalid_request');
  }
  if (param(body.client_assertion_type) !== ASSERTION_TYPE || param(body.grant_type) !== 'client_credentials') {
    return refuse(res, 'unsupported_grant_type');
  }
  const tool = claimedTool(platform, assertion);
  if (!tool || !(await assertionValid(platform, internals, tool, assertion))) return refuse(res, 'invalid_client');
  const permitted = tool.scopes ?? ALL_SCOPES;
  const granted = scope.split(' ').filter((s) => permitted.includes(s));
  if (granted.length === 0) return refuse(res, 'invalid_scope');

  const accessToken = randomBytes(16).toString('hex');
  internals.accessTokens.set(accessToken, {
    clientId: tool.clientId,
    scopes: granted,
    expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
  });
  res.type('application/json; charset=utf-8').send(
    JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, scope: granted.join(' ') }),
  );
}
