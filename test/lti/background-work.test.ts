import { expect } from 'chai';
import { pino } from 'pino';
import { BackgroundWork } from '../../lti-tool/jobs/background-work';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type LogLine, type ToolUnderTest } from '../support/tool';

async function waitFor(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const refreshed = (logs: LogLine[]) => logs.filter((line) => line.msg === 'roster refreshed on leader launch' || line.msg === 'roster refresh failed');

describe('Stopping the tool: background work', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when a leader’s launch started a roster refresh that is still reading the platform, then stop() waits for it, and nothing runs afterwards', async () => {
    t.platform.nrpsDelayMs = 600;
    const { response } = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '2' } });
    expect(response.status).to.equal(200);
    await waitFor(() => t.platform.nrpsRequests > 0);
    expect(refreshed(t.logs), 'the refresh is still waiting for the platform').to.have.length(0);

    await t.tool.stop();
    const atStop = t.logs.length;
    expect(refreshed(t.logs).map((line) => line.msg)).to.deep.equal(['roster refreshed on leader launch']);

    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(t.logs.slice(atStop), 'no log line after stop').to.deep.equal([]);
  });
});

describe('BackgroundWork', () => {
  it('when stop has begun, then new work is refused and never runs', async () => {
    const work = new BackgroundWork(pino({ level: 'silent' }));
    let finished = 0;
    expect(work.run('failed', () => new Promise((resolve) => setTimeout(resolve, 50)).then(() => finished++))).to.equal(true);
    const stopped = work.stop();
    let lateRan = false;
    expect(work.run('failed', async () => (lateRan = true))).to.equal(false);
    await stopped;
    expect(finished).to.equal(1);
    expect(lateRan).to.equal(false);
  });
});
