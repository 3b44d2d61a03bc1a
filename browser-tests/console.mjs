// End-to-end test of the web console in Debian's chromium, driven by playwright-core.
// Run by cli's ConsoleBrowserIT, which starts the nodes and passes (environment):
//   INLET_URL, RELAY_URL  login URLs printed by 'ockam node console' for the inlet node and the relay node
//   INLET_FROM            host:port of the inlet (an echo service behind the outlet)
//   RELAY_WORKER          the relay's address on the relay node (forward_to_...)
//   INLET_RELAY           the name of a relay the inlet node registered at the relay node
//   PEER_ATTRIBUTE        key=value the node store holds for the identity of the inlet node's channel peers
//   OCKAM_CMD             JSON array: the command that runs 'ockam' (node stop/start of the relay node)
//   SHOTS                 directory for the screenshots
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';

const env = name => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const SHOTS = env('SHOTS');
mkdirSync(SHOTS, { recursive: true });
const ockam = (...args) => {
  const cmd = JSON.parse(env('OCKAM_CMD'));
  return execFileSync(cmd[0], [...cmd.slice(1), ...args], { encoding: 'utf8', timeout: 90_000 });
};
const step = (text) => console.log(`[console.mjs] ${new Date().toISOString()} ${text}`);
let n = 0;
const shot = async (page, name) => {
  const file = `${SHOTS}/${String(++n).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  step(`screenshot ${file}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let flow;
try {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  page.on('pageerror', e => step('page error: ' + e.message));

  // 1. log in with the printed URL: the page shows the node, live
  step('log in to the inlet node');
  await page.goto(env('INLET_URL'));
  await page.getByTestId('conn').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
  await page.locator('tr[data-kind=inlet]').first().waitFor();
  if (page.url().includes('login=')) throw new Error('the token stayed in the URL');
  await shot(page, 'logged-in');

  // the same URL again, in another browser: the token was for one use
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(env('INLET_URL'));
  await p2.getByTestId('banner').filter({ hasText: 'already used' }).waitFor({ timeout: 10_000 });
  await shot(p2, 'token-reused-refused');
  await other.close();

  // 2. the portal's byte counter grows while data flows through the inlet
  const [host, port] = env('INLET_FROM').split(':');
  const bytesOut = async () => Number(await page.getByTestId('inlet-bytes-out').first().getAttribute('data-bytes'));
  const before = await bytesOut();
  step(`portal bytes out before: ${before}`);
  let echoed = 0;
  flow = net.connect(Number(port), host);
  flow.on('data', d => { echoed += d.length; });
  flow.on('error', () => {});
  const chunk = Buffer.alloc(32 * 1024, 7);
  const timer = setInterval(() => flow.write(chunk), 20);
  flow.on('close', () => clearInterval(timer));
  await page.waitForFunction(b => Number(document.querySelector('[data-testid=inlet-bytes-out]').dataset.bytes) > b + 256 * 1024,
    before, { timeout: 30_000 });
  const mid = await bytesOut();
  await page.waitForFunction(b => Number(document.querySelector('[data-testid=inlet-bytes-out]').dataset.bytes) > b,
    mid, { timeout: 30_000 });
  step(`portal bytes out: ${before} -> ${mid} -> ${await bytesOut()} (echoed ${echoed})`);
  // the inlet's own counts: what came back through the portal grows too, on one open connection
  const bytesIn = async () => Number(await page.getByTestId('inlet-bytes-in').first().getAttribute('data-bytes'));
  const inMid = await bytesIn();
  await page.waitForFunction(b => Number(document.querySelector('[data-testid=inlet-bytes-in]').dataset.bytes) > b,
    inMid, { timeout: 30_000 });
  await page.getByTestId('inlet-connections').first().filter({ hasText: /^1 \/ 1$/ }).waitFor({ timeout: 10_000 });
  step(`inlet bytes in: ${inMid} -> ${await bytesIn()}`);
  await shot(page, 'portal-bytes-growing');

  // the inlet node's relay: UP, with the round trip of its last ping
  const relayRow = page.locator(`tr[data-kind=relay][data-id="${env('INLET_RELAY')}"]`);
  await relayRow.locator('.state-UP').waitFor({ timeout: 20_000 });
  await page.waitForFunction(name => {
    const cell = document.querySelector(`tr[data-kind=relay][data-id="${name}"] [data-testid=relay-rtt]`);
    return cell && Number(cell.dataset.rtt) > 0 && /\d ms$/.test(cell.textContent);
  }, env('INLET_RELAY'), { timeout: 20_000 });
  step(`relay ${env('INLET_RELAY')} last ping: ${await relayRow.getByTestId('relay-rtt').textContent()}`);
  await shot(page, 'relay-last-ping-rtt');

  // what the node knows of its channels' peer: the attributes stored for its identifier
  await page.getByTestId('peer-attributes').filter({ hasText: env('PEER_ATTRIBUTE') }).first().waitFor({ timeout: 20_000 });
  await shot(page, 'channel-peer-attributes');

  // 3. the route trace of a message through the relay, seen at the relay node
  step('log in to the relay node');
  const relay = await ctx.newPage();
  await relay.goto(env('RELAY_URL'));
  await relay.getByTestId('conn').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
  const worker = env('RELAY_WORKER');
  await relay.getByTestId('probe-route').fill(`/service/${worker.replace(/^0#/, '')}/service/echo`);
  await relay.getByTestId('probe-send').click();
  await relay.getByTestId('probe-result').filter({ hasText: 'reply in' }).waitFor({ timeout: 20_000 });
  const hops = relay.getByTestId('trace-hop');
  if (await hops.count() < 3) throw new Error(`a probe through the relay took ${await hops.count()} hops, expected 3 or more`);
  await relay.locator(`[data-testid=trace-hop][data-to="${worker}"]`).first().waitFor();
  await shot(relay, 'probe-trace-through-relay');
  // and, picked from the workers, the live messages of the relay node's busiest TCP sender (the portal's data)
  const sender = await relay.evaluate(() => {
    const rows = [...document.querySelectorAll('tr[data-kind=worker]')].filter(r => r.children[1].textContent === 'Sender');
    rows.sort((a, b) => Number(b.children[3].textContent) - Number(a.children[3].textContent));
    return rows.length ? rows[0].dataset.id : null;
  });
  if (!sender) throw new Error('no TCP sender on the relay node');
  step(`trace worker ${sender}`);
  await relay.locator(`tr[data-kind=worker][data-id="${sender}"] [data-testid=trace-worker]`).click();
  await relay.waitForFunction(w => document.querySelectorAll(`[data-testid=trace-hop][data-to="${w}"]`).length >= 3, sender,
    { timeout: 20_000 });
  await shot(relay, 'worker-trace-live');
  flow.end();

  // 4. close a channel, with confirmation, and see it vanish
  const row = page.locator('tr[data-kind=channel]').first();
  await row.waitFor();
  const encryptor = await row.getAttribute('data-id');
  step(`close channel ${encryptor}`);
  await row.getByTestId('close-channel').click();
  await page.getByTestId('confirm').waitFor();
  await shot(page, 'close-channel-confirm');
  await page.getByTestId('confirm-ok').click();
  await page.locator(`tr[data-kind=channel][data-id="${encryptor}"]`).waitFor({ state: 'detached', timeout: 20_000 });
  await shot(page, 'channel-closed');

  // 5. the relay node stops: its page says so, and reconnects when it is back
  step('stop the relay node');
  ockam('node', 'stop', 'relay');
  await relay.getByTestId('banner').filter({ hasText: 'not answering' }).waitFor({ timeout: 20_000 });
  await shot(relay, 'node-stopped');
  // the inlet node sees its relay go down
  await relayRow.locator('td:nth-child(3):not(.state-UP)').waitFor({ timeout: 20_000 });
  step(`relay ${env('INLET_RELAY')} state: ${await relayRow.locator('td:nth-child(3)').textContent()}`);
  await shot(page, 'relay-down');
  step('start the relay node again');
  ockam('node', 'start', 'relay');
  await relay.getByTestId('conn').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
  await relay.getByTestId('banner').waitFor({ state: 'hidden' });
  await shot(relay, 'node-back');
  step('all steps passed');
} finally {
  if (flow) flow.destroy();
  await browser.close();
}
