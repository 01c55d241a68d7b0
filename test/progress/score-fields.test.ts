import { expect } from 'chai';
import { maxScoreComment, scoreCommentOf } from '../../lti-tool/services/progress/assignment-scores';
import { scoreTimeAfter } from '../../lti-tool/services/progress/score-time';

describe('The fields of a score we queue', () => {
  it('when the cell’s last score was given in this same second, then the new one is stamped the next whole second; otherwise now', () => {
    const now = new Date('2027-03-01T10:00:00.400Z');
    expect(scoreTimeAfter(now, undefined)).to.equal(now);
    expect(scoreTimeAfter(now, new Date('2027-03-01T09:59:59.900Z'))).to.equal(now);
    expect(scoreTimeAfter(now, new Date('2027-03-01T10:00:00.100Z')).toISOString()).to.equal('2027-03-01T10:00:01.000Z');
    expect(scoreTimeAfter(now, new Date('2027-03-01T10:00:01.000Z')).toISOString(), 'already one ahead: the one after').to.equal('2027-03-01T10:00:02.000Z');
  });

  it('when feedback is empty, then no comment is sent; when it is longer than the outbox takes, then it is cut with an ellipsis', () => {
    expect(scoreCommentOf('   ')).to.equal(undefined);
    expect(scoreCommentOf(' Bra!\nFortsätt så. ')).to.equal('Bra!\nFortsätt så.');
    const long = scoreCommentOf('å'.repeat(maxScoreComment + 50))!;
    expect(long).to.have.length(maxScoreComment);
    expect(long.endsWith('…')).to.equal(true);
  });
});
