import { expect } from 'chai';
import { listStationsWithDecks } from '../../models/gallery-walks';
import { seedGalleryWalk } from '../support/gallery';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('gallery walk: the seed the walk tests stand on', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(() => t.close());

  it('when a walk is seeded, then each station shows its author’s final deck with its speaker notes', async () => {
    const seeded = await seedGalleryWalk(t, { participants: 3 });
    const stations = await listStationsWithDecks(t.database.db, seeded.walkId);
    expect(stations.map((s) => s.authorId)).to.deep.equal(seeded.participantIds);
    expect(stations.every((s) => s.submissionState === 'final')).to.equal(true);
    expect(stations[1]!.version.content?.slides[1]?.notes).to.contain('Timperleys cykel');
  });
});
