import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../lti-tool/config';

describe('Mail settings from the environment', () => {
  it('when no SMTP server is named, then mail is off', () => {
    expect(loadConfig({}).mail).to.equal(null);
  });

  it('when SMTP_URL names a server with credentials, then host, port, TLS and the login are taken from it', () => {
    const mail = loadConfig({ SMTP_URL: 'smtps://natverk%40example.org:p%C3%A5ss@smtp.example.org', MAIL_FROM: 'Nätverk <natverk@example.org>' }).mail!;
    expect(mail.smtp).to.deep.equal({ host: 'smtp.example.org', port: 465, secure: true, user: 'natverk@example.org', password: 'påss' });
    expect(mail.inbound).to.equal(null);
  });

  it('when the server is given field by field with an inbound address and port, then replies are on', () => {
    const mail = loadConfig({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '2525', MAIL_FROM: 'natverk@example.org', INBOUND_ADDRESS: 'reply@Natverk.example.org', INBOUND_SMTP_PORT: '2526' }).mail!;
    expect(mail.smtp).to.include({ host: 'smtp.example.org', port: 2525, secure: false });
    expect(mail.inbound).to.deep.equal({ local: 'reply', domain: 'natverk.example.org', port: 2526 });
    expect(loadConfig({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '', SMTP_USER: '', MAIL_FROM: 'natverk@example.org' }).mail!.smtp).to.include({ port: 587, user: undefined });
  });

  it('when MAIL_FROM is missing, not an address, or carries a line break, then start-up stops naming it', () => {
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.org' })).to.throw(ConfigError, /MAIL_FROM/);
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.org', MAIL_FROM: 'natverk' })).to.throw(ConfigError, /MAIL_FROM/);
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.org', MAIL_FROM: 'a@example.org\r\nBcc: b@example.org' })).to.throw(ConfigError, /MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://smtp.example.org', MAIL_FROM: 'a@example.org' })).to.throw(ConfigError, /SMTP_URL/);
  });
});
