// Tests of the test platform itself, against a tiny throwaway tool that does a real OIDC launch.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type Request, type Response } from 'express';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { CookieJar, LtiBrowser, parseForm } from '../support/lti-browser';
import { CLAIM, SCOPE, TestPlatform, type ToolRegistration } from '../support/platform';

const DL_CONTENT_ITEMS = 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items';
const DL_DATA = 'https://purl.imsglobal.org/spec/lti-dl/claim/data';

interface TinyTool {
  url: string;
  registration: ToolRegistration;
  sign(payload: JWTPayload, audience: string): Promise<string>;
  /** A client assertion signed by another key but naming the tool's kid. */
  forge(payload: JWTPayload, audience: string): Promise<string>;
  /** Replaces the tool's key pair and kid (as ltijs does for each new platform registration). */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** A minimal LTI tool: login initiation, id_token verification with the platform JWKS, a session cookie. */
async function startTinyTool(platform: TestPlatform): Promise<TinyTool> {
  const stray = await generateKeyPair('RS256', { extractable: true });
  let keys = await generateKeyPair('RS256', { extractable: true });
  let kid = 'tiny-tool-key-1';
  let jwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const platformKeys = createRemoteJWKSet(new URL(platform.jwksUrl));
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/jwks', (_req, res) => void res.json({ keys: [jwk] }));
  const login = (req: Request, res: Response) => {
    const p = (req.method === 'POST' ? req.body : req.query) as Record<string, string>;
    const state = randomUUID();
    const nonce = randomUUID();
    res.cookie(`state-${state}`, nonce, { httpOnly: true, secure: true, sameSite: 'none', partitioned: true });
    const auth = new URL(platform.authUrl);
    auth.search = new URLSearchParams({
      scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
      client_id: p.client_id ?? '', redirect_uri: p.target_link_uri ?? '', login_hint: p.login_hint ?? '',
      lti_message_hint: p.lti_message_hint ?? '', state, nonce,
    }).toString();
    res.redirect(auth.toString());
  };
  app.get('/login', login);
  app.post('/login', login);
  app.post('/launch', async (req, res) => {
    const state = String(req.body.state);
    try {
      const { payload } = await jwtVerify(String(req.body.id_token), platformKeys, { issuer: platform.issuer, audience: registration.clientId });
      if (payload.nonce !== cookieValue(req, `state-${state}`)) throw new Error('nonce mismatch');
      res.clearCookie(`state-${state}`);
      res.cookie('session', String(payload.name ?? payload.sub), { httpOnly: true });
      res.redirect(303, '/page');
    } catch (error) {
      res.status(401).send(`refused: ${(error as Error).message}`);
    }
  });
  app.get('/page', (req, res) => void res.send(`Hej ${cookieValue(req, 'session') ?? 'okänd'}`));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const registration = platform.registerTool({
    loginUrl: `${url}/login`, redirectUris: [`${url}/launch`], jwksUrl: `${url}/jwks`,
    targetLinkUri: `${url}/launch`, deepLinkUrl: `${url}/launch`,
  });
  const signWith = (key: () => CryptoKey) => (payload: JWTPayload, audience: string) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(registration.clientId)
      .setAudience(audience).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(key());
  const rotate = async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    kid = `tiny-tool-key-${randomUUID()}`;
    jwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
  };
  return {
    url, registration, rotate, sign: signWith(() => keys.privateKey), forge: signWith(() => stray.privateKey),
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Calls auth.php directly with the parameters a tool sends after login initiation. */
async function authorize(platform: TestPlatform, tool: ToolRegistration, loginParams: Record<string, string>, redirectUri?: string) {
  const url = new URL(platform.authUrl);
  url.search = new URLSearchParams({
    scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
    client_id: tool.clientId, redirect_uri: redirectUri ?? loginParams.target_link_uri ?? '',
    login_hint: loginParams.login_hint ?? '', lti_message_hint: loginParams.lti_message_hint ?? '',
    state: 'state-123', nonce: 'nonce-456',
  }).toString();
  const res = await fetch(url);
  const body = await res.text();
  const form = parseForm(body, url.toString());
  const field = (name: string) => form?.fields.find(([k]) => k === name)?.[1] ?? '';
  return { status: res.status, body, action: form?.action, idToken: field('id_token'), state: field('state') };
}

describe('TestPlatform (Moodle 4.5 stand-in)', () => {
  let platform: TestPlatform;
  let tool: TinyTool;
  before(async () => {
    platform = await TestPlatform.start();
    tool = await startTinyTool(platform);
  });
  after(async () => {
    await tool.close();
    await platform.close();
  });
  beforeEach(() => platform.failWith(null));

  const token = async (scope: string, assertion?: string) => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion ?? (await tool.sign({ sub: tool.registration.clientId }, platform.tokenUrl)),
      scope,
    });
    return fetch(platform.tokenUrl, { method: 'POST', body });
  };
  const bearer = async (scope: string) => `Bearer ${((await (await token(scope)).json()) as { access_token: string }).access_token}`;

  describe('auth.php', () => {
    it('when the redirect_uri is not registered, then it answers 400 "Invalid request"', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration);
      const res = await authorize(platform, tool.registration, loginParams, `${tool.url}/elsewhere`);
      expect(res.status).to.equal(400);
      expect(res.body).to.include('Invalid request');
    });

    it('when the redirect_uri differs only by a trailing slash, then it is refused too (exact match)', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration);
      const res = await authorize(platform, tool.registration, loginParams, `${tool.url}/launch/`);
      expect(res.status).to.equal(400);
      expect(res.body).to.include('Invalid request');
    });

    it('when a prepared launch is authorized, then the id_token verifies with the platform JWKS and echoes nonce and state', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration);
      expect(loginParams).to.include({ iss: platform.issuer, client_id: tool.registration.clientId, lti_deployment_id: tool.registration.deploymentId });
      const res = await authorize(platform, tool.registration, loginParams);
      expect(res.status).to.equal(200);
      expect(res.action).to.equal(`${tool.url}/launch`);
      expect(res.body).to.include('document.ltiAuthForm.submit()');
      expect(res.state).to.equal('state-123');
      const jwks = createRemoteJWKSet(new URL(platform.jwksUrl));
      const { payload, protectedHeader } = await jwtVerify(res.idToken, jwks, { issuer: platform.issuer, audience: tool.registration.clientId });
      expect(protectedHeader.kid).to.equal(platform.kid);
      expect(payload.nonce).to.equal('nonce-456');
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).to.equal(60);
      expect(payload.sub).to.equal('2');
      expect(payload[CLAIM.deploymentId]).to.equal(tool.registration.deploymentId);
      expect(payload[CLAIM.messageType]).to.equal('LtiResourceLinkRequest');
      expect(payload[CLAIM.context]).to.deep.include({ id: '5', type: ['CourseSection'] });
      expect(payload[CLAIM.nrps]).to.have.property('service_versions').that.deep.equals(['1.0', '2.0']);
      expect(platform.jwksRequests).to.be.greaterThan(0);
    });

    it('when the same launch is authorized twice, then the second attempt is refused (single use)', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration);
      expect((await authorize(platform, tool.registration, loginParams)).status).to.equal(200);
      expect((await authorize(platform, tool.registration, loginParams)).status).to.equal(400);
    });

    it('when claims are overridden with undefined, then those claims are missing from the token', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration, { claims: { email: undefined, sub: '31' } });
      const { idToken } = await authorize(platform, tool.registration, loginParams);
      const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as JWTPayload;
      expect(payload).not.to.have.property('email');
      expect(payload.sub).to.equal('31');
    });
  });

  describe('tampered id_tokens', () => {
    const tampered = async (tamper: Parameters<TestPlatform['prepareLaunch']>[1]) => {
      const { loginParams } = platform.prepareLaunch(tool.registration, tamper);
      return authorize(platform, tool.registration, loginParams);
    };
    const verify = (jwt: string) => jwtVerify(jwt, createRemoteJWKSet(new URL(platform.jwksUrl)));

    it('when kid is null, then the header has no kid', async () => {
      const { idToken } = await tampered({ tamper: { kid: null } });
      expect(decodeProtectedHeader(idToken)).not.to.have.property('kid');
    });

    it('when alg is none, then the token is unsigned and fails verification', async () => {
      const { idToken } = await tampered({ tamper: { alg: 'none' } });
      expect(decodeProtectedHeader(idToken).alg).to.equal('none');
      expect(idToken.endsWith('.')).to.equal(true);
      await verify(idToken).then(() => expect.fail('verified'), () => undefined);
    });

    it('when the signature is bad, then the platform kid is kept but verification fails', async () => {
      const { idToken } = await tampered({ tamper: { badSignature: true } });
      expect(decodeProtectedHeader(idToken).kid).to.equal(platform.kid);
      const error = await verify(idToken).then(() => undefined, (e: Error) => e);
      expect(error?.name).to.equal('JWSSignatureVerificationFailed');
    });

    it('when nonce, exp and state are tampered, then the token and form carry the given values', async () => {
      const { idToken, state } = await tampered({ tamper: { nonce: 'other', exp: 1000, state: 'forged' } });
      const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as JWTPayload;
      expect(payload).to.include({ nonce: 'other', exp: 1000 });
      expect(state).to.equal('forged');
    });
  });

  describe('LtiBrowser launch', () => {
    for (const method of ['GET', 'POST'] as const) {
      it(`when the login is initiated by ${method}, then the browser ends on the tool page with its session cookie`, async () => {
        const browser = new LtiBrowser();
        const { response, body, url, steps } = await browser.launch(tool.registration, platform, undefined, { method });
        expect(response.status).to.equal(200);
        expect(body).to.equal('Hej Karin Lindqvist');
        expect(url).to.equal(`${tool.url}/page`);
        expect(steps.some((s) => s.includes('/mod/lti/auth.php'))).to.equal(true);
        expect(browser.cookies.get('127.0.0.1', 'session')?.value).to.equal('Karin%20Lindqvist');
        expect(browser.cookies.list().filter((c) => c.name.startsWith('state-'))).to.have.length(0);
      });
    }

    it('when the tool refuses the token, then the launch result carries the refusal', async () => {
      const { response, body } = await new LtiBrowser().launch(tool.registration, platform, { tamper: { badSignature: true } });
      expect(response.status).to.equal(401);
      expect(body).to.include('refused');
    });
  });

  describe('token.php', () => {
    it('when the client assertion is signed by the tool key, then an access token is issued', async () => {
      const before = platform.tokenRequests;
      const res = await token(`${SCOPE.score} ${SCOPE.nrps} https://example.org/unknown`);
      expect(res.status).to.equal(200);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json).to.include({ token_type: 'Bearer', expires_in: 3600, scope: `${SCOPE.score} ${SCOPE.nrps}` });
      expect(json.access_token).to.be.a('string');
      expect(platform.tokenRequests).to.equal(before + 1);
    });

    it('when the assertion is signed by another key, then it is refused with invalid_client (400, as Moodle)', async () => {
      const forged = await tool.forge({ sub: tool.registration.clientId }, platform.tokenUrl);
      const res = await token(SCOPE.score, forged);
      expect(res.status).to.equal(400);
      expect(await res.json()).to.deep.equal({ error: 'invalid_client' });
    });

    it('when the tool rotates its key, then the next assertion is accepted at once (keyset refreshed like Moodle)', async () => {
      expect((await token(SCOPE.score)).status).to.equal(200);
      await tool.rotate();
      expect((await token(SCOPE.score)).status).to.equal(200);
    });

    it('when an assertion is replayed, then the second use is refused', async () => {
      const assertion = await tool.sign({ sub: tool.registration.clientId }, platform.tokenUrl);
      expect((await token(SCOPE.score, assertion)).status).to.equal(200);
      expect((await token(SCOPE.score, assertion)).status).to.equal(400);
    });
  });

  describe('services', () => {
    const lineItemsUrl = () => `${platform.url}/mod/lti/services.php/5/lineitems?type_id=${tool.registration.deploymentId}`;
    const createLineItem = async (auth: string) => {
      const res = await fetch(lineItemsUrl(), {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
        body: JSON.stringify({ scoreMaximum: 10, label: 'Reflektion', resourceId: 'r1', tag: 'grade' }),
      });
      expect(res.status).to.equal(201);
      return ((await res.json()) as { id: string }).id;
    };
    const postScore = (lineItem: string, auth: string, score: Record<string, unknown>) => {
      const [path, query] = lineItem.split('?');
      return fetch(`${path}/scores?${query}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', ...score }),
      });
    };

    it('when 25 members are enrolled, then NRPS returns 3 pages with short role names', async () => {
      platform.members.set('9', Array.from({ length: 25 }, (_, i) => ({
        user_id: `u${i}`, roles: [i === 0 ? 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor' : 'Learner'],
      })));
      const auth = await bearer(SCOPE.nrps);
      const pages: Array<{ members: Array<{ roles: string[] }>; context: { id: string } }> = [];
      let next: string | undefined = `${platform.url}/mod/lti/services.php/CourseSection/9/bindings/${tool.registration.deploymentId}/memberships`;
      while (next) {
        const res: globalThis.Response = await fetch(next, { headers: { authorization: auth, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' } });
        expect(res.status).to.equal(200);
        pages.push((await res.json()) as (typeof pages)[number]);
        next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      }
      expect(pages.map((p) => p.members.length)).to.deep.equal([10, 10, 5]);
      expect(pages[0]?.members[0]?.roles).to.deep.equal(['Instructor']);
      expect(pages[2]?.members[4]?.roles).to.deep.equal(['Learner']);
      expect(pages[0]?.context.id).to.equal('9');
    });

    it('when a score is posted to a created line item, then it is recorded and answered 200 with an empty body', async () => {
      const auth = await bearer(`${SCOPE.lineItem} ${SCOPE.score}`);
      const lineItem = await createLineItem(auth);
      expect(lineItem).to.match(/\/mod\/lti\/services\.php\/5\/lineitems\/\d+\/lineitem\?type_id=/);
      const res = await postScore(lineItem, auth, { userId: '2', scoreGiven: 7, scoreMaximum: 10, timestamp: new Date().toISOString(), comment: 'Bra' });
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('');
      expect(platform.scores.at(-1)).to.deep.include({ lineItemUrl: lineItem });
      expect(platform.scores.at(-1)?.body).to.include({ scoreGiven: 7, comment: 'Bra' });
    });

    it('when a score is invalid, from a stranger or not newer than the last, then Moodle refuses it (400, 400, 409)', async () => {
      const auth = await bearer(`${SCOPE.lineItem} ${SCOPE.score}`);
      const lineItem = await createLineItem(auth);
      const at = new Date().toISOString();
      expect((await postScore(lineItem, auth, { userId: '2', scoreGiven: 11, scoreMaximum: 10, timestamp: at })).status).to.equal(400);
      expect((await postScore(lineItem, auth, { userId: 'stranger', scoreGiven: 1, scoreMaximum: 10, timestamp: at })).status).to.equal(400);
      expect((await postScore(lineItem, auth, { userId: '3', scoreGiven: 1, scoreMaximum: 10, timestamp: at })).status).to.equal(200);
      expect((await postScore(lineItem, auth, { userId: '3', scoreGiven: 2, scoreMaximum: 10, timestamp: at })).status).to.equal(409);
    });

    it('when line items are listed with a filter, then only the matching ones come back', async () => {
      const auth = await bearer(SCOPE.lineItem);
      await createLineItem(auth);
      const res = await fetch(`${lineItemsUrl()}&tag=grade&resource_id=r1`, {
        headers: { authorization: auth, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' },
      });
      const items = (await res.json()) as Array<{ tag: string; resourceId: string }>;
      expect(items.length).to.be.greaterThan(0);
      expect(items.every((i) => i.tag === 'grade' && i.resourceId === 'r1')).to.equal(true);
    });

    it('when failWith({status: 503, count: 2}) is set, then two requests fail and the third succeeds', async () => {
      platform.failWith({ status: 503, count: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await token(SCOPE.score)).status);
      expect(statuses).to.deep.equal([503, 503, 200]);
    });
  });

  describe('deep linking', () => {
    it('when the tool returns content items with the request data, then they are recorded and a grade column appears', async () => {
      const { loginParams } = platform.prepareLaunch(tool.registration, { messageType: 'LtiDeepLinkingRequest' });
      const { idToken } = await authorize(platform, tool.registration, loginParams);
      const request = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, Record<string, string>>;
      const settings = request[CLAIM.dlSettings] ?? {};
      expect(request).not.to.have.property(CLAIM.nrps);
      expect(request).not.to.have.property(CLAIM.resourceLink);
      const response = (data: string) => tool.sign({
        nonce: randomUUID(),
        [CLAIM.messageType]: 'LtiDeepLinkingResponse', [CLAIM.version]: '1.3.0',
        [CLAIM.deploymentId]: tool.registration.deploymentId, [DL_DATA]: data,
        [DL_CONTENT_ITEMS]: [{ type: 'ltiResourceLink', title: 'Träff 1', url: `${tool.url}/launch`, lineItem: { scoreMaximum: 10, label: 'Träff 1', tag: 'dl' } }],
      }, platform.issuer);
      const post = async (jwt: string) => fetch(settings.deep_link_return_url ?? '', { method: 'POST', body: new URLSearchParams({ JWT: jwt }) });
      const wrong = await post(await response('not-the-data'));
      expect(wrong.status).to.equal(400);
      const ok = await post(await response(settings.data ?? ''));
      expect(ok.status).to.equal(200);
      expect(platform.deepLinkResponses.at(-1)?.contentItems).to.have.length(1);
      expect(platform.lineItems.some((i) => i.tag === 'dl' && i.resourceLinkId !== undefined)).to.equal(true);
    });
  });

  describe('dynamic registration', () => {
    const registrationBody = (domain: string) => ({
      application_type: 'web', response_types: ['id_token'], grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: `${tool.url}/login`, redirect_uris: [`${tool.url}/launch`, `${tool.url}/launch/`],
      client_name: 'Nätverk', jwks_uri: `${tool.url}/jwks`, token_endpoint_auth_method: 'private_key_jwt',
      scope: `${SCOPE.lineItem} ${SCOPE.score} ${SCOPE.nrps}`,
      [CLAIM.toolConfiguration]: {
        domain, target_link_uri: `${tool.url}/launch`, claims: ['iss', 'sub', 'name', 'email'],
        messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: `${tool.url}/deeplink` }],
      },
    });
    const register = (registrationToken: string, body: unknown) =>
      fetch(`${platform.url}/mod/lti/openid-registration.php`, {
        method: 'POST',
        headers: { ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('when the openid configuration is fetched (without a token, as ltijs does), then it describes Moodle 4.5', async () => {
      const res = await fetch(platform.openidConfigurationUrl);
      const config = (await res.json()) as Record<string, unknown>;
      expect(config).to.include({ issuer: platform.issuer, token_endpoint: platform.tokenUrl, jwks_uri: platform.jwksUrl });
      expect(config[CLAIM.platformConfiguration]).to.include({ product_family_code: 'moodle', version: '4.5.5' });
    });

    it('when the registration has no or a foreign registration token, then it is refused with 401', async () => {
      const body = registrationBody(new URL(tool.url).host);
      expect((await register('', body)).status).to.equal(401);
      expect((await register(await tool.sign({ sub: 'x', scope: 'reg' }, platform.issuer), body)).status).to.equal(401);
    });

    it('when the domain does not match target_link_uri, then the registration is refused with 400', async () => {
      const res = await register(platform.registrationToken(), registrationBody('tool.example.org'));
      expect(res.status).to.equal(400);
      expect(await res.text()).to.equal('domain_targetlinkuri_mismatch');
    });

    it('when the registration is valid, then a new client id and a new deployment id are issued', async () => {
      const registrationToken = platform.registrationToken();
      const res = await register(registrationToken, registrationBody(new URL(tool.url).host));
      expect(res.status).to.equal(200);
      const answer = (await res.json()) as Record<string, unknown>;
      const configuration = answer[CLAIM.toolConfiguration] as { deployment_id: string };
      const saved = platform.tools.find((t) => t.clientId === answer.client_id);
      expect(saved).to.deep.include({ deploymentId: configuration.deployment_id, deepLinkUrl: `${tool.url}/deeplink` });
      expect(saved?.clientId).not.to.equal(tool.registration.clientId);
      expect(saved?.deploymentId).not.to.equal(tool.registration.deploymentId);
      const again = await register(registrationToken, registrationBody(new URL(tool.url).host));
      expect(again.status).to.equal(401); // Moodle: token_already_used
      const second = await register(platform.registrationToken(), registrationBody(new URL(tool.url).host));
      expect(Number(((await second.json()) as Record<string, { deployment_id: string }>)[CLAIM.toolConfiguration]?.deployment_id))
        .to.equal(Number(configuration.deployment_id) + 1);
    });
  });

  describe('CookieJar', () => {
    it('when cookies come with Max-Age=0, ports or CHIPS attributes, then the jar behaves like a browser', () => {
      const jar = new CookieJar();
      jar.store(new URL('http://127.0.0.1:3000/a'), 'sid=1; Path=/; Secure; SameSite=None; Partitioned; HttpOnly');
      jar.store(new URL('http://example.org/'), 'insecure=1; Secure');
      jar.store(new URL('http://example.org/'), 'lax=1; SameSite=None');
      expect(jar.get('127.0.0.1', 'sid')).to.include({ secure: true, sameSite: 'None', partitioned: true, httpOnly: true });
      expect(jar.header(new URL('http://127.0.0.1:4000/other'))).to.equal('sid=1');
      expect(jar.list('http://example.org/')).to.have.length(0);
      jar.store(new URL('http://127.0.0.1:3000/'), 'sid=; Path=/; Max-Age=0');
      expect(jar.get('127.0.0.1', 'sid')).to.equal(undefined);
    });

    it('when a form has entities in its values, then parseForm decodes them', () => {
      const form = parseForm('<form action="/x?a=1&amp;b=2" method="post"><input type="hidden" name="t" value="&lt;&#39;&#x41;&quot;&gt;"/></form>', 'http://h/');
      expect(form?.action).to.equal('http://h/x?a=1&b=2');
      expect(form?.fields).to.deep.equal([['t', "<'A\">"]]);
    });
  });
});
