import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { and, eq, isNull } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import QRCode from 'qrcode';
import { createRequire } from 'node:module';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { assignments, certificates, meetings, networks, progressSettings, users } from '../../models/schema';
import { writeGrade } from '../../lti-tool/services/grading/grade-write';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

// pngjs comes with qrcode (it writes the PNG the PDF carries); it ships no types of its own.
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } };

const codePattern = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

describe('Certificates: issued to those who completed, verified in public, exported as Open Badges', () => {
  let t: ToolUnderTest;
  let dataDir: string;
  let leader: NetworkMember;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let cecilia: NetworkMember;
  let ids: { network: number; context: number; leader: number; anna: number; bo: number; cecilia: number; david: number };
  let themes: string[];

  const userIdOf = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const validCertificateOf = async (userId: number) =>
    (await t.database.db.select().from(certificates).where(and(eq(certificates.userId, userId), isNull(certificates.revokedAt))))[0];
  const pdfText = async (bytes: ArrayBuffer) => {
    const parser = new PDFParse({ data: new Uint8Array(bytes.slice(0)) });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  };

  /** Completes the network under the default rule: every assignment passed and released, every meeting checked in. */
  async function complete(userId: number): Promise<void> {
    const now = new Date();
    for (const assignment of await t.database.db.select().from(assignments).where(eq(assignments.networkId, ids.network))) {
      await writeGrade(t.database.db, {
        networkId: ids.network,
        contextId: ids.context,
        assignmentId: assignment.id,
        participantId: userId,
        fields: { state: 'released', passed: true, points: null, criteria: [], feedback: 'Väl genomfört.', privateNotes: '', gradedByUserId: ids.leader, gradedAt: now, releasedAt: now, releasedByUserId: ids.leader },
        action: 'released',
        byUserId: ids.leader,
      });
    }
    for (const meeting of await t.database.db.select().from(meetings).where(eq(meetings.networkId, ids.network))) {
      const checkedIn = await leader.post(`/meetings/${meeting.id}/check-in`, { userId: String(userId) });
      expect(checkedIn.status, checkedIn.html.slice(0, 300)).to.equal(303);
    }
  }

  async function issue(userId: number) {
    return leader.post('/certificates/issue', { userId: String(userId) });
  }

  before(async function () {
    this.timeout(120_000);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-certificates-'));
    t = await startToolUnderTest({ jobs: false, env: { DATA_DIR: dataDir } });
    leader = await launchAs(t, '2', [role('Instructor')], {}, 'en');
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(setup.status, setup.html.slice(0, 300)).to.equal(303);
    anna = await launchAs(t, '31', [role('Learner')], { name: 'Anna Lindqvist' }, 'en');
    bo = await launchAs(t, '32', [role('Learner')], { name: 'Bo Ek' }, 'en');
    cecilia = await launchAs(t, '33', [role('Learner')], { name: 'Cecilia Berg' }, 'en');
    await launchAs(t, '34', [role('Learner')], { name: 'David Holm' }, 'en');
    const [network] = await t.database.db.select().from(networks);
    // The certificate speaks the network's language: Swedish, as the pilot networks do.
    await t.database.db.update(networks).set({ name: 'Nätverk Kalmar 2027', language: 'sv', periodStart: '2027-01-11', periodEnd: '2027-06-10' }).where(eq(networks.id, network!.id));
    ids = {
      network: network!.id,
      context: network!.contextId,
      leader: await userIdOf('2'),
      anna: await userIdOf('31'),
      bo: await userIdOf('32'),
      cecilia: await userIdOf('33'),
      david: await userIdOf('34'),
    };
    themes = (await t.database.db.select().from(meetings).where(eq(meetings.networkId, ids.network))).map((meeting) => meeting.theme);
    await t.database.db.insert(progressSettings).values({
      networkId: ids.network,
      rule: { assignments: 'all', minMeetings: null, minGalleryComments: 0 },
      organiser: 'Linnéuniversitetet',
      hours: 45,
      signerName: 'Karin Åström',
      signerTitle: 'Nätverksledare',
    });
    await complete(ids.anna);
    await complete(ids.cecilia);
    await complete(ids.david);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a leader issues a certificate to a complete participant, then its PDF says who, what, when and who signed, in the network’s language, with the code and a QR code to the verification page', async function () {
    this.timeout(30_000);
    const list = await leader.get('/certificates');
    expect(list.status).to.equal(200);
    expect(list.html).to.include('Anna Lindqvist').and.include('Complete');

    const issued = await issue(ids.anna);
    expect(issued.status, issued.html.slice(0, 500)).to.equal(303);
    expect(issued.location).to.include('done=certificate_issued');
    const certificate = (await validCertificateOf(ids.anna))!;
    expect(certificate.code).to.match(codePattern);
    expect(certificate.language).to.equal('sv');
    expect((await leader.get('/certificates')).html).to.include(certificate.code);

    const download = await anna.fetch(`/certificates/${certificate.id}/pdf`);
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
    const bytes = await download.arrayBuffer();
    const text = await pdfText(bytes);
    const verifyUrl = `${t.url}/verify/${certificate.code}`;
    for (const expected of ['Intyg', 'Anna Lindqvist', 'Nätverk Kalmar 2027', 'Arrangör: Linnéuniversitetet', 'Omfattning: 45 timmar', 'Period: 11 januari 2027 – 10 juni 2027', 'Karin Åström', 'Nätverksledare', certificate.code, verifyUrl]) {
      expect(text, expected).to.include(expected);
    }
    for (const theme of themes) expect(text, `meeting theme "${theme}"`).to.include(theme);
    const letters = (await t.database.db.select().from(assignments).where(eq(assignments.networkId, ids.network))).map((row) => row.letter);
    for (const letter of letters) expect(text, `assignment ${letter}`).to.match(new RegExp(`Redovisning ${letter}`));

    // The QR code is the verification address: the picture in the PDF is exactly that code's matrix.
    const parser = new PDFParse({ data: new Uint8Array(bytes.slice(0)) });
    const images = await parser.getImage({ imageBuffer: true, imageThreshold: 0 });
    await parser.destroy();
    const picture = images.pages.flatMap((page) => page.images)[0]!;
    expect(picture, 'a QR picture in the PDF').to.exist;
    expect(qrMatrixOf(picture)).to.deep.equal(expectedMatrix(verifyUrl));

    const again = await anna.fetch(`/certificates/${certificate.id}/pdf`);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(bytes)), 'drawn from what was stored: the same bytes every time').to.equal(true);
  });

  it('when the leader has given no organiser, hours or signer, then those lines are left out and the issuing leader signs', async function () {
    this.timeout(30_000);
    const [saved] = await t.database.db.delete(progressSettings).where(eq(progressSettings.networkId, ids.network)).returning();
    try {
      expect((await issue(ids.cecilia)).status).to.equal(303);
    } finally {
      await t.database.db.insert(progressSettings).values(saved!);
    }
    const certificate = (await validCertificateOf(ids.cecilia))!;
    const [{ name: leaderName }] = (await t.database.db.select({ name: users.name }).from(users).where(eq(users.id, ids.leader))) as [{ name: string }];
    expect(certificate.content).to.include({ organiser: '', hours: null, signerName: leaderName, signerTitle: '', participantName: 'Cecilia Berg' });
    const text = await pdfText(await (await cecilia.fetch(`/certificates/${certificate.id}/pdf`)).arrayBuffer());
    expect(text).to.include(leaderName).and.not.include('Arrangör').and.not.include('Omfattning');
  });

  it('when the year changes after issuing (a meeting renamed), then the certificate, its PDF and its page still say what was issued', async () => {
    const certificate = (await validCertificateOf(ids.anna))!;
    const [first] = await t.database.db.select().from(meetings).where(eq(meetings.networkId, ids.network)).orderBy(meetings.startsAt);
    await t.database.db.update(meetings).set({ theme: 'Ett helt annat tema' }).where(eq(meetings.id, first!.id));
    try {
      const text = await pdfText(await (await anna.fetch(`/certificates/${certificate.id}/pdf`)).arrayBuffer());
      expect(text).to.include(first!.theme).and.not.include('Ett helt annat tema');
      const html = await (await fetch(`${t.url}/verify/${certificate.code}`)).text();
      expect(html).to.include(first!.theme).and.not.include('Ett helt annat tema');
    } finally {
      await t.database.db.update(meetings).set({ theme: first!.theme }).where(eq(meetings.id, first!.id));
    }
  });

  it('when anyone opens the verification address, then the page shows everything issued and says valid, and the JSON says the same; a code typed in lower case with spaces finds it too', async () => {
    const certificate = (await validCertificateOf(ids.anna))!;
    const page = await fetch(`${t.url}/verify/${certificate.code}`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(page.headers.get('x-robots-tag')).to.include('noindex');
    const html = await page.text();
    expect(html).to.include('<html lang="sv"').and.include('data-verification="valid"').and.include('Intyget är giltigt.');
    for (const expected of ['Anna Lindqvist', 'Nätverk Kalmar 2027', 'Karin Åström', certificate.code, ...themes]) expect(html, expected).to.include(expected);

    const english = await (await fetch(`${t.url}/verify/${certificate.code}?lang=en`)).text();
    expect(english).to.include('This certificate is valid.').and.include('Meetings attended');

    const typed = certificate.code.toLowerCase().replace(/-/g, ' ');
    const form = await fetch(`${t.url}/verify?code=${encodeURIComponent(typed)}`, { redirect: 'manual' });
    expect(form.status).to.equal(303);
    expect(form.headers.get('location')).to.equal(`/verify/${certificate.code}`);
    expect((await fetch(`${t.url}/verify/${encodeURIComponent(typed)}`)).status).to.equal(200);

    const json = await fetch(`${t.url}/verify/${certificate.code}.json`);
    expect(json.status).to.equal(200);
    const body = (await json.json()) as Record<string, unknown>;
    expect(body).to.include({ code: certificate.code, status: 'valid', issuedAt: certificate.issuedAt.toISOString(), revokedAt: null });
    expect(body.content).to.deep.equal(certificate.content);
    const negotiated = await fetch(`${t.url}/verify/${certificate.code}`, { headers: { accept: 'application/json' } });
    expect(((await negotiated.json()) as { status: string }).status).to.equal('valid');
  });

  it('when a code is forged or unknown, then the page and the JSON say only that there is no certificate with this code', async () => {
    for (const code of ['ABCD-EFGH-JKMN', 'not-a-code', '<script>alert(1)</script>']) {
      const page = await fetch(`${t.url}/verify/${encodeURIComponent(code)}`, { headers: { 'accept-language': 'en' } });
      expect(page.status, code).to.equal(404);
      const html = await page.text();
      expect(html).to.include('No certificate with this code').and.include('data-verification="unknown"');
      expect(html, 'escaped').not.to.include('<script>alert(1)</script>');
      const json = await fetch(`${t.url}/verify/${encodeURIComponent(code)}.json`);
      expect(json.status).to.equal(404);
      expect(((await json.json()) as { status: string }).status).to.equal('unknown');
    }
  });

  it('when a leader issues again to a participant who holds a valid certificate, then it is refused and the existing one is named', async () => {
    const existing = (await validCertificateOf(ids.anna))!;
    const again = await issue(ids.anna);
    expect(again.status).to.equal(409);
    expect(again.html).to.include(existing.code).and.include('already has a valid certificate');
    expect(await t.database.db.select().from(certificates).where(eq(certificates.userId, ids.anna))).to.have.length(1);
  });

  it('when a participant tries to issue or revoke, then it is refused; they see their own certificates and never another’s', async () => {
    const mine = (await validCertificateOf(ids.anna))!;
    expect((await anna.post('/certificates/issue', { userId: String(ids.anna) })).status).to.equal(403);
    expect((await anna.post(`/certificates/${mine.id}/revoke`, { reason: 'Jag vill inte ha det' })).status).to.equal(403);
    const overview = await anna.get('/certificates');
    expect(overview.status).to.equal(303);
    expect(overview.location).to.match(/\/certificates\/mine$/);
    const own = await anna.get('/certificates/mine');
    expect(own.html).to.include(mine.code);

    const others = await bo.get('/certificates/mine');
    expect(others.status).to.equal(200);
    expect(others.html).not.to.include(mine.code);
    expect((await bo.fetch(`/certificates/${mine.id}/pdf`)).status).to.equal(404);
    expect((await bo.fetch(`/certificates/${mine.id}/badge`)).status).to.equal(404);
    expect((await bo.fetch('/certificates/999999/pdf')).status).to.equal(404);
  });

  it('when the badge is downloaded, then it is an OpenBadgeCredential signed with RS256 that verifies against the published keys, and a tampered one does not', async function () {
    this.timeout(30_000);
    const certificate = (await validCertificateOf(ids.anna))!;
    const download = await anna.fetch(`/certificates/${certificate.id}/badge`);
    expect(download.status).to.equal(200);
    const jwt = await download.text();
    const issuer = `${t.url}/badges/issuer`;
    const verifyUrl = `${t.url}/verify/${certificate.code}`;

    const header = decodeProtectedHeader(jwt);
    expect(header).to.include({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).to.match(new RegExp(`^${issuer}#key-`));
    const keys = createRemoteJWKSet(new URL(`${t.url}/badges/keys`));
    const { payload } = await jwtVerify(jwt, keys, { issuer, algorithms: ['RS256'] });
    expect(payload).to.include({ iss: issuer, jti: verifyUrl, sub: `${verifyUrl}#holder`, nbf: Math.floor(certificate.issuedAt.getTime() / 1000) });
    const vc = payload.vc as Record<string, any>;
    expect(vc['@context']).to.deep.equal(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(vc.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).to.equal(verifyUrl);
    expect(vc.issuer).to.deep.equal({ id: issuer, type: ['Profile'], name: 'Linnéuniversitetet' });
    expect(vc.validFrom).to.equal(certificate.issuedAt.toISOString());
    expect(vc.credentialSubject.type).to.deep.equal(['AchievementSubject']);
    expect(vc.credentialSubject.achievement).to.include({ name: 'Slutfört: Nätverk Kalmar 2027' });
    expect(vc.credentialSubject.achievement.type).to.deep.equal(['Achievement']);
    expect(vc.credentialSubject.achievement.criteria.narrative).to.equal('Alla redovisningar godkända. Närvaro vid alla träffar.');
    expect(vc.credentialStatus.id).to.equal(`${verifyUrl}.json`);

    const profile = (await (await fetch(issuer)).json()) as { id: string; verificationMethod: Array<{ id: string; publicKeyJwk: { n: string } }> };
    const published = (await (await fetch(`${t.url}/badges/keys`)).json()) as { keys: Array<{ kid: string; n: string }> };
    expect(profile.id).to.equal(issuer);
    expect(profile.verificationMethod[0]!.id).to.equal(header.kid);
    expect(profile.verificationMethod[0]!.publicKeyJwk.n).to.equal(published.keys[0]!.n);
    const keyFile = path.join(dataDir, 'badge-signing-key.pem');
    expect(fs.statSync(keyFile).mode & 0o777, 'the private key is readable by the tool only').to.equal(0o600);

    // Another name in the payload, the signature kept: verification fails.
    const [head, body, signature] = jwt.split('.');
    const forged = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { vc: { credentialSubject: { achievement: { name: string } } } };
    forged.vc.credentialSubject.achievement.name = 'Slutfört: Något annat';
    const tampered = `${head}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    let refused = false;
    await jwtVerify(tampered, keys, { issuer }).catch(() => (refused = true));
    expect(refused, 'a tampered badge does not verify').to.equal(true);
  });

  it('when a leader revokes a certificate, then a reason is required, and the page and the JSON say revoked with the date and the reason', async () => {
    const certificate = (await validCertificateOf(ids.anna))!;
    const empty = await leader.post(`/certificates/${certificate.id}/revoke`, { reason: '  ' });
    expect(empty.status).to.equal(422);
    expect(empty.html).to.include('Write why the certificate is revoked');
    expect((await validCertificateOf(ids.anna))?.id).to.equal(certificate.id);

    const revoked = await leader.post(`/certificates/${certificate.id}/revoke`, { reason: 'Utfärdat till fel person' });
    expect(revoked.status).to.equal(303);
    expect(revoked.location).to.include('done=certificate_revoked');
    const twice = await leader.post(`/certificates/${certificate.id}/revoke`, { reason: 'Igen' });
    expect(twice.status).to.equal(409);

    const html = await (await fetch(`${t.url}/verify/${certificate.code}`)).text();
    expect(html).to.include('data-verification="revoked"').and.include('Intyget återkallades').and.include('Utfärdat till fel person');
    const body = (await (await fetch(`${t.url}/verify/${certificate.code}.json`)).json()) as Record<string, any>;
    expect(body.status).to.equal('revoked');
    expect(body.revokedReason).to.equal('Utfärdat till fel person');
    expect(Date.parse(body.revokedAt)).to.be.a('number').and.not.NaN;
    expect(body.revokedCredentials).to.deep.equal([{ id: `${t.url}/verify/${certificate.code}`, revocationReason: 'Utfärdat till fel person' }]);

    // A revoked certificate may be followed by a new one, with a new code.
    expect((await issue(ids.anna)).status).to.equal(303);
    const next = (await validCertificateOf(ids.anna))!;
    expect(next.code).not.to.equal(certificate.code);
    const form = await fetch(`${t.url}/verify?code=${encodeURIComponent(next.code.toLowerCase())}&lang=da`, { redirect: 'manual' });
    expect(form.headers.get('location'), 'the language chosen on the form is kept').to.equal(`/verify/${next.code}?lang=da`);
  });

  it('[needs part D’s completionOf — fails against the stand-in that calls everyone complete] when a participant has not completed the network, then issuing is refused with what is missing', async () => {
    const refused = await issue(ids.bo);
    expect(refused.status, 'refused: Bo has no grade and no check-in').to.equal(422);
    expect(refused.html).to.include('Bo Ek has not completed the network yet').and.include('not passed');
    expect(await validCertificateOf(ids.bo)).to.equal(undefined);
  });

  it('when a leader issues to everyone complete, then each complete participant without a certificate gets one', async () => {
    expect(await validCertificateOf(ids.david)).to.equal(undefined);
    const all = await leader.post('/certificates/issue-all');
    expect(all.status).to.equal(303);
    expect((await validCertificateOf(ids.david))?.content.participantName).to.equal('David Holm');
    expect(await t.database.db.select().from(certificates).where(and(eq(certificates.userId, ids.cecilia), isNull(certificates.revokedAt)))).to.have.length(1);
  });

  // Last: it spends the address's allowance of look-ups.
  it('when one address looks up code after code, then the tool stops answering before a guesser gets far', async () => {
    let answered = 0;
    let status = 0;
    while (answered < 200) {
      status = (await fetch(`${t.url}/verify/ABCD-EFGH-JKMN.json`)).status;
      if (status === 429) break;
      answered++;
    }
    expect(status).to.equal(429);
    expect(answered).to.be.below(121);
    expect((await fetch(`${t.url}/verify/ABCD-EFGH-JKMN`)).status, 'the page is limited as well as the JSON').to.equal(429);
  });
});

/** The QR code a phone would read: the module matrix of the URL at error correction M, as the PDF should carry it. */
function expectedMatrix(url: string): boolean[][] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_row, y) => Array.from({ length: modules.size }, (_col, x) => Boolean(modules.get(y, x))));
}

/** Reads the modules back from the PDF's picture: a 2-module quiet zone, each module a square of pixels. */
function qrMatrixOf(extracted: { data: Uint8Array; width: number; height: number }): boolean[][] {
  const isPng = Buffer.from(extracted.data.subarray(0, 4)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const picture = isPng ? PNG.sync.read(Buffer.from(extracted.data)) : extracted;
  const channels = picture.data.length / (picture.width * picture.height);
  const dark = (x: number, y: number) => (picture.data[(y * picture.width + x) * channels] ?? 255) < 128;
  // The first dark pixel on the diagonal is the finder pattern's corner, two modules in.
  let corner = 0;
  while (corner < picture.width && !dark(corner, corner)) corner++;
  const scale = corner / 2;
  const size = Math.round(picture.width / scale) - 4;
  return Array.from({ length: size }, (_row, y) => Array.from({ length: size }, (_col, x) => dark(Math.floor((x + 2.5) * scale), Math.floor((y + 2.5) * scale))));
}
