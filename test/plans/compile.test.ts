import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { networkPlans } from '../../models/schema';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { planSections, setUpPlanNetwork, type PlanNetwork } from './fixture';

describe('The network plan compiled as one PDF for its leaders', () => {
  let t: ToolUnderTest;
  let n: PlanNetwork;
  const pdfText = async (bytes: ArrayBuffer) => {
    const parser = new PDFParse({ data: new Uint8Array(bytes.slice(0)) });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  };

  before(async function () {
    this.timeout(180_000);
    t = await startToolUnderTest({ jobs: false });
    n = await setUpPlanNetwork(t, 'sv');
    expect((await n.anna.post('/plans/mine', { ...planSections('Anna'), support: 'Stöd från rektor: tid för æ ø å ä ö', version: '0' })).status).to.equal(303);
    expect((await n.bo.post('/plans/mine', { ...planSections('Bo'), version: '0' })).status).to.equal(303);
    expect((await n.cecilia.post(`/plans/group/${n.ids.groupAnna}`, { ...planSections('Ängsgruppen'), version: '0' })).status).to.equal(303);
    const [annaPlan] = await t.database.db.select().from(networkPlans).where(eq(networkPlans.userId, n.ids.anna));
    expect((await n.rektor.post(`/plans/${annaPlan!.id}/comments`, { body: 'En kommentar som inte hör hemma i planen' })).status).to.equal(303);
  });
  after(async () => {
    await t.close();
  });

  it('when the leader downloads the network plan, then it is a PDF with a cover, the group plan before the individual plans by school and name, each with its sections, Nordic letters intact and no comments', async function () {
    this.timeout(30_000);
    const response = await n.leader.fetch('/plans/network.pdf');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(response.headers.get('content-disposition')).to.include('attachment').and.include("filename*=UTF-8''n%C3%A4tverksplan.pdf");
    const text = await pdfText(await response.arrayBuffer());
    expect(text).to.include('Nätverksplan och fortsatt samarbete');
    expect(text).to.include('Samtalsgruppernas planer').and.include('Deltagarnas egna planer');
    for (const label of ['Mål', 'Insatser', 'Vilka som är involverade', 'Hur det följs upp', 'Stöd från skolledaren']) expect(text).to.include(label);
    expect(text).to.include('Stöd från rektor: tid för æ ø å ä ö');
    expect(text).to.include('Anna Åström').and.include('Bo Ødegård').and.include('Ängsgruppen: arbetslag 7–9 och rektor');
    expect(text).not.to.include('En kommentar som inte hör hemma i planen');
    const [group, norra, sodra] = [text.indexOf('Ängsgruppen: läsförståelse'), text.indexOf('Anna: läsförståelse'), text.indexOf('Bo: läsförståelse')];
    expect(group).to.be.greaterThan(-1);
    expect(norra, 'individual plans after the group plans').to.be.greaterThan(group);
    expect(sodra, 'Norraskolan before Södraskolan').to.be.greaterThan(norra);
    expect(text, 'Cecilia wrote no plan of her own').not.to.include('Cecilia: ');
  });

  it('when staff, a participant or a school leader asks for the compiled plan, then they are refused with 403', async () => {
    for (const member of [n.staff, n.anna, n.rektor]) expect((await member.fetch('/plans/network.pdf')).status).to.equal(403);
  });

  it('when a participant opens the list, then no compile link is offered', async () => {
    expect((await n.anna.get('/plans')).html).not.to.include('/plans/network.pdf');
  });
});
