import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** A stand-in "platform" whose answers each test chooses, counting the requests that reach it. */
class FakePlatform {
  hits: string[] = [];
  bytesSent = 0;
  private server!: http.Server;
  url = '';
  constructor(private readonly handle: (req: http.IncomingMessage, res: http.ServerResponse, self: FakePlatform) => void) {}
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.hits.push(`${req.method} ${req.url}`);
      this.handle(req, res, this);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  /** A configuration naming this server as issuer and endpoints, as Moodle's openid-configuration.php does. */
  configuration(): string {
    return JSON.stringify({
      issuer: this.url,
      authorization_endpoint: `${this.url}/auth`,
      token_endpoint: `${this.url}/token`,
      jwks_uri: `${this.url}/certs`,
      registration_endpoint: `${this.url}/register`,
    });
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const registerWith = (t: ToolUnderTest, configurationUrl: string) =>
  fetch(`${t.url}/register?openid_configuration=${encodeURIComponent(configurationUrl)}&registration_token=x`);

describe('Registration fetches only what it may (no open fetcher)', function () {
  this.timeout(60_000);
  let t: ToolUnderTest;
  const platforms: FakePlatform[] = [];
  const fake = async (handle: ConstructorParameters<typeof FakePlatform>[0]) => {
    const platform = await new FakePlatform(handle).start();
    platforms.push(platform);
    return platform;
  };
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false, env: { REGISTRATION_TIMEOUT_SECONDS: '0.5', REGISTRATION_RATE_LIMIT: '1000' } });
  });
  after(async () => {
    await t.close();
    await Promise.all(platforms.map((platform) => platform.close()));
  });

  it('when the configuration answers with a redirect to another host, then it is not followed', async () => {
    const target = await fake((_req, res, self) => res.writeHead(200, { 'content-type': 'application/json' }).end(self.configuration()));
    const redirecting = await fake((_req, res) => res.writeHead(302, { location: `${target.url.replace('127.0.0.1', 'localhost')}/config` }).end());
    const page = await registerWith(t, `${redirecting.url}/config`);
    expect(page.status).to.equal(502);
    expect(redirecting.hits).to.have.length(1);
    expect(target.hits).to.deep.equal([]);
  });

  it('when the answer is endless, then reading stops after 1 MB and memory stays flat', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let hungUp: (bytes: number) => void = () => undefined;
    const sentWhenHungUp = new Promise<number>((resolve) => (hungUp = resolve));
    const endless = await fake((_req, res, self) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"issuer":"');
      const pump = () => {
        // 600 MB unless the reader hangs up; backpressure keeps this server's own memory small.
        while (self.bytesSent < 600 * 1024 * 1024) {
          self.bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('close', () => hungUp(self.bytesSent));
      pump();
    });
    const rssBefore = process.memoryUsage().rss;
    const page = await registerWith(t, `${endless.url}/config`);
    const rssAfter = process.memoryUsage().rss;
    expect(page.status).to.equal(502);
    expect(await sentWhenHungUp, 'bytes sent before the tool hung up').to.be.below(32 * 1024 * 1024);
    expect(rssAfter - rssBefore).to.be.below(100 * 1024 * 1024);
    expect(t.logs.some((line) => JSON.stringify(line).includes('answer larger than 1048576 bytes'))).to.equal(true);
  });

  it('when the platform drips its answer, then the registration gives up after the time limit', async () => {
    const slow = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const page = await registerWith(t, `${slow.url}/config`);
    expect(page.status).to.equal(502);
    expect(Date.now() - started).to.be.below(3000);
  });

  it('when the port is closed, the answer is no JSON, too large, or too slow, then the caller sees the same page', async () => {
    const closedPort = `http://127.0.0.1:${await freePort()}/config`;
    const notJson = await fake((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    const large = await fake((_req, res) => res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 0x20)));
    const silent = await fake(() => undefined);
    const answers = await Promise.all(
      [closedPort, `${notJson.url}/config`, `${large.url}/config`, `${silent.url}/config`].map(async (url) => {
        const page = await registerWith(t, url);
        return { status: page.status, body: await page.text() };
      }),
    );
    expect(answers[0]!.status).to.equal(502);
    for (const answer of answers) expect(answer).to.deep.equal(answers[0]);
  });

  it('when the registration endpoint answers 200 with a page instead of JSON, then registration fails cleanly', async () => {
    const platform = await fake((req, res, self) => {
      if (req.method === 'GET') res.writeHead(200, { 'content-type': 'application/json' }).end(self.configuration());
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Moodle says hello</html>');
    });
    const page = await registerWith(t, `${platform.url}/config`);
    expect(page.status).to.equal(502);
    expect(await page.text()).to.include('Registration failed');
    expect(platform.hits).to.deep.equal(['GET /config', 'POST /register']);
  });
});

describe('Registration refuses private addresses unless allowed', function () {
  this.timeout(60_000);
  let t: ToolUnderTest;
  let platform: FakePlatform;
  before(async () => {
    platform = await new FakePlatform((_req, res, self) => res.writeHead(200, { 'content-type': 'application/json' }).end(self.configuration())).start();
    // No REGISTRATION_ALLOWED_NETWORKS: the production default.
    t = await startToolUnderTest({ jobs: false, register: false, env: { REGISTRATION_ALLOWED_NETWORKS: '', REGISTRATION_RATE_LIMIT: '5' } });
  });
  after(async () => {
    await t.close();
    await platform.close();
  });

  it('when the configuration URL is a loopback, private, link-local or mapped address, or a name resolving to loopback, then nothing is fetched', async () => {
    const port = new URL(platform.url).port;
    for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
      const page = await registerWith(t, `http://${host}:${port}/config`);
      expect(page.status, host).to.equal(502);
    }
    expect(platform.hits).to.deep.equal([]);
    expect(t.logs.some((line) => JSON.stringify(line).includes('address not allowed'))).to.equal(true);
  });

  it('when one address keeps asking to register, then it is slowed down', async () => {
    // Three attempts were made above; the limit is five per quarter hour.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${t.url}/register?openid_configuration=not-a-url`)).status);
    expect(statuses).to.deep.equal([400, 400, 429, 429]);
  });
});
