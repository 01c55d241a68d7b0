import { expect } from 'chai';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('The tool’s icon in Moodle', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false, register: false });
  });
  after(async () => {
    await t.close();
  });

  it('when Moodle loads the registration’s logo_uri from another site, then it gets a PNG it may show; other assets stay same-site', async () => {
    const url = new URL(`${t.url}/register`);
    url.searchParams.set('openid_configuration', t.platform.openidConfigurationUrl);
    url.searchParams.set('registration_token', t.platform.registrationToken());
    expect((await fetch(url)).status).to.equal(200);
    const request = t.platform.registrations.at(-1)!.request as { logo_uri?: string };
    expect(request.logo_uri).to.equal(`${t.url}/assets/logo.png`);

    const logo = await fetch(request.logo_uri!, { headers: { origin: 'https://moodle.example.org', 'sec-fetch-site': 'cross-site' } });
    expect(logo.status).to.equal(200);
    expect(logo.headers.get('content-type')).to.equal('image/png');
    expect(logo.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    const bytes = Buffer.from(await logo.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).to.equal('PNG');
    // IHDR: width and height, big-endian, at bytes 16–23; Moodle's chooser shows it at 24–64 px.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).to.deep.equal([128, 128]);

    const svg = await fetch(`${t.url}/assets/logo.svg`);
    expect(svg.status).to.equal(200);
    expect(svg.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(svg.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');

    const style = await fetch(`${t.url}/assets/style.css`);
    expect(style.status).to.equal(200);
    expect(style.headers.get('cross-origin-resource-policy')).to.equal('same-site');
  });

  it('when a browser asks for the page icon of a window of its own, then it gets the tool’s icon, not a 404', async () => {
    const icon = await fetch(`${t.url}/favicon.ico`);
    expect(icon.status).to.equal(200);
    expect(icon.headers.get('content-type')).to.equal('image/png');
    expect(Buffer.from(await icon.arrayBuffer()).subarray(1, 4).toString('latin1')).to.equal('PNG');
  });
});

