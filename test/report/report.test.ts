import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyse as detect } from '../../pipeline/analyse.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { metricsWithData, timeSeriesSvg } from '../../pipeline/report/charts.js';
import { regionTables } from '../../pipeline/report/report-data.js';
import { writeReport } from '../../pipeline/report/write.js';
import type { Row } from '../../pipeline/db.js';
import { ROOT, SAMPLE, memoryStore, openStore, sampleDb, tempDir } from '../helpers.js';

const PAYLOAD = `"><img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;

/**
 * The HTML and Markdown reports of the sample world plus hostile text in every place that
 * reaches the report from logs: built once, read by several tests (their files go with the test
 * that built them).
 */
let hostile: Promise<{ html: string; md: string }> | undefined;
const hostileReport = (): Promise<{ html: string; md: string }> => (hostile ??= buildHostileReport(tempDir()));

async function buildHostileReport(dir: string): Promise<{ html: string; md: string }> {
  const logs = path.join(dir, 'logs');
  mkdirSync(logs);
  // Copy the sample, then add a JSON error line whose message, service and version carry the payload.
  spawnSync('cp', ['-r', SAMPLE + '/.', logs]);
  const app = path.join(logs, 'app', 'eu-central-1.jsonl');
  const evil = JSON.stringify({
    ts: '2026-11-24T07:45:00Z', level: 'error', service: `checkout${PAYLOAD}`, version: `2.14.0${PAYLOAD}`, host: 'euc1-web-1',
    region: 'eu-central-1', msg: `TypeError ${PAYLOAD} in CartTotals`,
  });
  writeFileSync(app, readFileSync(app, 'utf8') + Array(40).fill(evil).join('\n') + '\n');
  const store = await memoryStore();
  await ingest(store, [logs], { inventory: path.join(logs, 'inventory.csv') });
  await detect(store);
  const htmlPath = path.join(dir, 'report.html');
  await writeReport(store, htmlPath);
  await writeReport(store, path.join(dir, 'report.md'));
  return { html: readFileSync(htmlPath, 'utf8'), md: readFileSync(path.join(dir, 'report.md'), 'utf8') };
}

describe('report', () => {
  it('on a real log with only syslog lines: panels for what the region has, dates when the data spans days, the activity overview, no empty table', async () => {
    const dir = tempDir();
    const store = await memoryStore();
    await ingest(store, [path.join(ROOT, 'test', 'fixtures', 'real-logs', 'OpenSSH_2k.log')], { year: 2025, region: 'lab' });
    await detect(store);
    const out = path.join(dir, 'r.html');
    await writeReport(store, out);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<strong>lab</strong>: error lines/min, failed logins/min; incidents shaded');
    expect(html).not.toContain('requests/min');
    // The activity overview: the most frequent warning/error templates of the region, with shares.
    expect(html).toMatch(/<td>warning\/error<\/td><td><code>[^<]*Failed password[^<]*<\/code><\/td>/);
    // A quiet region: nothing found, no table header under "No incidents.", the overview still there.
    const quiet = await memoryStore();
    await ingest(quiet, [path.join(ROOT, 'test', 'fixtures', 'access-mixed.log')], { region: 'lab' });
    await detect(quiet);
    await writeReport(quiet, out);
    const calm = readFileSync(out, 'utf8');
    expect(calm).toContain('<p>No incidents.</p>');
    expect(calm).not.toContain('<th>likely cause</th>');
    expect(calm).toMatch(/<td>status<\/td><td><code>2xx<\/code><\/td>/);
    expect(calm).toMatch(/<td>path<\/td>/);
  });

  it("takes each region's clients from its activity: the same totals as region-summary counting them", async () => {
    const store = await memoryStore();
    await ingest(store, [path.join(ROOT, 'test', 'fixtures', 'access-mixed.log')], { region: 'lab' });
    await ingest(store, [path.join(ROOT, 'test', 'fixtures', 'real-logs', 'OpenSSH_2k.log')], { year: 2025, region: 'ssh' });
    // A request without a client (the column allows it) is not a client in either count.
    await store.main.run(
      `INSERT INTO http_requests (ts, region, host, client_ip, status, file_id, line_no)
       SELECT ts, region, host, NULL, 200, file_id, line_no + 1000000 FROM http_requests LIMIT 3`,
    );
    await detect(store);
    const counted = await store.main.allFile('named/region-summary', { clients: true });
    expect(counted.map((r) => r['region'])).toEqual(['lab', 'ssh']);
    expect(Number(counted[0]!['clients'])).toBeGreaterThan(1);
    expect(counted[1]!['clients']).toBe(0);
    const { summary, activity } = await regionTables(store);
    expect(summary).toEqual(counted);
    expect(activity.filter((a) => a['kind'] === 'client').length).toBeGreaterThan(0);
    // Uncounted, the column is empty, and nothing else changes.
    const uncounted = await store.main.allFile('named/region-summary', { clients: false });
    expect(uncounted.map((r) => r['clients'])).toEqual([null, null]);
    expect(uncounted.map(({ clients: _, ...rest }) => rest)).toEqual(counted.map(({ clients: _, ...rest }) => rest));
  });

  it('is one self-contained HTML file with every incident, its charts, causes and timeline', async () => {
    const { html, md } = await hostileReport();
    expect(html).toMatch(/^<!doctype html>/);
    // Nothing fetched at view time: no external scripts, styles or images.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
    for (const id of ['inc-20261124-0740-eu-central-1', 'inc-20261124-0810-us-east-1', 'inc-20261124-0845-ap-southeast-1']) {
      expect(html).toContain(`id="${id}"`);
      expect(md).toContain(`### ${id}`);
    }
    expect((html.match(/<figure class="chart/g) ?? []).length).toBeGreaterThanOrEqual(5 + 3);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(html).toContain('Likely causes');
    expect(html).toMatch(/<strong>07:40<\/strong> eu-central-1: detected/);
    expect(md).toContain('| cause | score | evidence |');
    // The per-region totals: the same rows as the Markdown's, each linked to its region's chart.
    const totals = [...md.matchAll(/^\| ([a-z0-9-]+) \| ([\d,]+) \| ([\d.]*) \| ([\d.]*) \| ([\d,]+) \| ([\d,]+) \|$/gm)];
    expect(totals.map((t) => t[1])).toEqual(['ap-southeast-1', 'eu-central-1', 'us-east-1']);
    for (const [, region, requests, pct5xx, p95, clients, errors] of totals) {
      expect(Number(requests!.replace(/,/g, ''))).toBeGreaterThan(0);
      expect(html).toContain(
        `<tr><td><a href="#region-${region}">${region}</a></td><td class="n">${requests}</td><td class="n">${pct5xx}</td>` +
          `<td class="n">${p95}</td><td class="n">${clients}</td><td class="n">${errors}</td></tr>`,
      );
      expect(html).toContain(`<figure class="chart overview" id="region-${region}">`);
    }
  });

  it('charts of one shape share their parsed spec, not their data: each shows its own points and shades', async () => {
    const store = await openStore(sampleDb());
    const overview = await store.main.allFile('report/overview', { regions: null, start: null, end: null });
    const of = (region: string): Row[] => overview.filter((p) => p['region'] === region);
    const [eu, us] = [of('eu-central-1'), of('us-east-1')];
    // The same metrics and span: one shape, so the second chart reuses the first one's spec.
    expect(metricsWithData(us).map((m) => m.field)).toEqual(metricsWithData(eu).map((m) => m.field));
    const shade = [{ start: '2026-11-24T07:40:00.000Z', end: '2026-11-24T07:55:00.000Z', label: 'inc' }];
    const euShaded = await timeSeriesSvg(eu, shade);
    const usPlain = await timeSeriesSvg(us, []);
    expect(await timeSeriesSvg(eu, shade)).toBe(euShaded);
    expect(usPlain).not.toBe(euShaded);
    // The shade is drawn where it was given, and nowhere else.
    expect(euShaded).toContain('fill="#d62728"');
    expect(usPlain).not.toContain('fill="#d62728"');
    // Each chart's line is its own region's series: the requests/min axis reaches each region's peak.
    const axisTop = (svg: string): number => Number(/Y-axis titled 'requests\/min' for a linear scale with values from 0 to ([\d,.]+)/.exec(svg)![1]!.replace(/,/g, ''));
    const peak = (points: Row[]): number => Math.max(...points.map((p) => Number(p['requests_per_min'])));
    for (const [svg, points] of [[euShaded, eu], [usPlain, us]] as const) {
      expect(axisTop(svg)).toBeGreaterThanOrEqual(peak(points));
      expect(axisTop(svg)).toBeLessThan(peak(points) * 1.5);
    }
    store.close();
  });

  it('shows text from logs as text: no tag or handler of a log line reaches the HTML, and the Markdown is plain Markdown', async () => {
    const { html, md } = await hostileReport();
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("<script>document.title");
    expect(html).toContain('&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;');
    expect(md).not.toMatch(/(?<!\\)<img src=x/);
    // Markdown's own escapes, readable once pasted into a postmortem: no HTML entities.
    expect(md).toContain(`\\<img src=x onerror="document.title='pwned'"\\>`);
    expect(md).not.toMatch(/&(quot|lt|gt|#39|amp);/);
  });
});

// Chromium (Debian's `chromium`, installed by .ci/run) renders the report for real.
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync(c, ['--version']).status === 0);

describe.skipIf(!chromium)('report in a real browser (headless Chromium)', () => {
  it('renders the incidents and charts, runs no script from the logs, and saves a screenshot', async () => {
    const dir = tempDir();
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--virtual-time-budget=2000', '--window-size=1000,1800'];
    const render = (html: string, shot: string): string =>
      spawnSync(chromium!, [...flags, `--screenshot=${shot}`, '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 60_000 }).stdout;
    // One browser run gives the rendered DOM and a screenshot.
    const shot = path.join(dir, 'report.png');
    const page = path.join(dir, 'report.html');
    writeFileSync(page, (await hostileReport()).html);
    const dom = render(page, shot);
    expect(dom).toContain('<title>faultline report');
    expect(dom).not.toContain('pwned</title>');
    expect((dom.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(dom).toContain('id="inc-20261124-0740-eu-central-1"');
    // No element built from the payload: it is text inside <code>/<td>.
    expect(dom).not.toMatch(/<img[^>]*onerror/);
    expect(existsSync(shot)).toBe(true);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

    // `FAULTLINE_SCREENSHOT=test/report/report-screenshot.png npm test` refreshes the README's
    // picture, which is of the plain sample's report.
    const target = process.env['FAULTLINE_SCREENSHOT'];
    if (target) {
      const store = await openStore(sampleDb());
      const clean = path.join(dir, 'sample-report.html');
      await writeReport(store, clean);
      render(clean, target);
    }
  });
});
