import { expect } from 'chai';
import { newVerificationCode, normaliseVerificationCode } from '../../lti-tool/services/certificates/code';

describe('Verification codes', () => {
  it('when codes are drawn, then each is three groups of four Crockford letters (60 random bits) and they do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => newVerificationCode());
    for (const code of codes) expect(code).to.match(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).to.equal(codes.length);
    // Every one of the 32 symbols turns up: the draw uses the whole alphabet, so each symbol carries 5 bits.
    expect(new Set(codes.join('').replace(/-/g, '')).size).to.equal(32);
  });

  it('when someone types a code in lower case, with spaces or without dashes, or with O, I or L for 0 and 1, then it is read as the printed code', () => {
    expect(normaliseVerificationCode('abcd-efgh-jkmn')).to.equal('ABCD-EFGH-JKMN');
    expect(normaliseVerificationCode(' abcd efgh jkmn ')).to.equal('ABCD-EFGH-JKMN');
    expect(normaliseVerificationCode('ABCDEFGHJKMN')).to.equal('ABCD-EFGH-JKMN');
    expect(normaliseVerificationCode('o1il-0000-1111')).to.equal('0111-0000-1111');
  });

  it('when a typed text cannot be a code (wrong length, U, other signs), then it is no code at all', () => {
    for (const typed of ['', 'ABCD-EFGH', 'ABCD-EFGH-JKMN-P', 'ABCD-EFGH-JKMU', 'ABCD-EFGH-JKM!', '../../etc/passwd']) {
      expect(normaliseVerificationCode(typed), typed).to.equal(null);
    }
  });
});
