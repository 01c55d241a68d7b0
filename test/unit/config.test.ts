import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../lti-tool/config';
import { languageFromAcceptHeader, resolveLanguage } from '../../lti-tool/i18n';

describe('configuration from the environment', () => {
  it('when nothing is set, then the documented defaults apply (embedded database, port 3000)', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 3000, publicUrl: 'http://localhost:3000', databaseUrl: undefined, autoActivatePlatforms: false, rosterMaxAgeMinutes: 60 });
    expect(config.dataDir).to.match(/\/data$/);
    expect(config.uploadsDir).to.match(/\/uploads$/);
  });

  it('when PUBLIC_URL has a trailing slash, then it is dropped so redirect URIs are exact', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://natverk.example.org/' }).publicUrl).to.equal('https://natverk.example.org');
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['PUBLIC_URL', 'ftp://natverk.example.org'],
    ['DATABASE_URL', 'mysql://db/natverk'],
    ['LTI_KEY', 'too-short'],
    ['ADMIN_TOKEN', 'short'],
    ['AUTO_ACTIVATE_PLATFORMS', 'maybe'],
    ['ROSTER_MAX_AGE_MINUTES', '-5'],
    ['LOG_LEVEL', 'loud'],
    ['REGISTRATION_ALLOWED_NETWORKS', '127.0.0.0/33'],
    ['REGISTRATION_ALLOWED_NETWORKS', 'intranet.local'],
    ['REGISTRATION_TIMEOUT_SECONDS', '0'],
  ] as const) {
    it(`when ${variable} is wrong, then start-up stops with a message naming ${variable}`, () => {
      expect(() => loadConfig({ [variable]: value })).to.throw(ConfigError, variable);
    });
  }
});

describe('language from the launch locale', () => {
  it('when Moodle sends sv, da, no, nb, nn or a region variant, then the matching catalogue is used; anything else is English', () => {
    expect(['sv', 'sv_SE', 'da', 'da-DK', 'no', 'nb_NO', 'nn', 'en', 'de', undefined, ''].map(resolveLanguage)).to.deep.equal([
      'sv', 'sv', 'da', 'da', 'nb', 'nb', 'nb', 'en', 'en', 'en', 'en',
    ]);
  });

  it('when a page is shown outside a launch, then the browser’s first known language is used', () => {
    expect(languageFromAcceptHeader('de-DE,da;q=0.8,en;q=0.5')).to.equal('da');
    expect(languageFromAcceptHeader(undefined)).to.equal('en');
  });
});
