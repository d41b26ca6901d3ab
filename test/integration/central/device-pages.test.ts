import { DataSource } from 'typeorm';
import { forEachDevicePage } from '@lobby/fleet';
import { eventually } from '../../support/eventually';
import { TestAgent } from '../../support/test-agent';
import { TestCentral } from '../../support/test-central';

/**
 * The whole fleet is read in pages (start-up and the fleet facts' reconciling read), each page
 * starting after the last id of the one before. A fleet of thousands fits in one page of the
 * default size, so the page boundaries are exercised here with pages of two: every device is
 * seen exactly once, in id order, also when the fleet is an exact multiple of the page size.
 */
describe('the fleet read in pages', () => {
  const run = Date.now().toString(36).toUpperCase();
  const BRANCH = `BR-PAGES-${run}`;
  let central: TestCentral;
  let agent: TestAgent;

  beforeAll(async () => {
    central = await new TestCentral().start();
    agent = await TestAgent.connect(central.mqttUrl, BRANCH, await central.branch(BRANCH));
  });
  afterAll(async () => {
    await agent?.end();
    await central?.stop();
  });

  it('sees every device once, in id order, across page boundaries', async () => {
    const ids = ['A', 'B', 'C', 'D', 'E'].map((letter) => `${BRANCH}-${letter}`);
    await agent.birth(ids.map((id) => ({ id, kind: 'ticket-printer' })));
    const db = central.server.app.get(DataSource);
    const read = async (pageSize: number) => {
      const pages: string[][] = [];
      await forEachDevicePage(db, (rows) => pages.push(rows.map((r) => r.id).filter((id) => id.startsWith(BRANCH))), { pageSize });
      return pages;
    };
    await eventually(async () => expect((await read(100)).flat()).toEqual(ids));
    const five = await read(2);
    expect(five.flat()).toEqual(ids);
    expect(five.length).toBeGreaterThanOrEqual(3); // two, two and one of ours (other tests' devices may share pages)

    await agent.birth([...ids, `${BRANCH}-F`].map((id) => ({ id, kind: 'ticket-printer' })));
    await eventually(async () => expect((await read(100)).flat()).toHaveLength(6));
    expect((await read(2)).flat()).toEqual([...ids, `${BRANCH}-F`]);
  });
});
