// Drives the chatkit console in headless Chromium against a running service.
//
//   node e2e/console.spec.mjs <baseUrl> [token] [screenshot]
//
// With a token it signs in by pasting it and checks everything against the scripted
// upstream of ConsoleBrowserIntegrationTests: the first message answered with an
// add_task tool call and then Markdown text, streamed slowly enough to be seen growing,
// the second failing mid-stream. Without a token it signs in through the dev launcher's
// form as "alice", has the offline demo model add a task and takes the README
// screenshot (the dev launcher's own run). Exits 0 when every step passed.
// With a token, after those, two long slow replies follow: one followed across a page
// reload, one stopped with the Stop button.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [baseUrl, token, screenshotArgument] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node e2e/console.spec.mjs <baseUrl> [token] [screenshot]');
  process.exit(2);
}
const screenshot = resolve(screenshotArgument || join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'console.png'));
const STEP_TIMEOUT = 15_000;

function step(name) {
  console.log('- ' + name);
}

async function run(context) {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const failures = [];
  const requests = [];
  let refusalsExpected = false;
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  page.on('response', (response) => {
    if (refusalsExpected && response.status() === 429) return;
    if (response.status() >= 400) failures.push(response.status() + ' ' + response.url());
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failures.push('failed ' + request.url());
  });
  page.on('console', (message) => {
    if (refusalsExpected && message.text().includes('status of 429')) return;
    // Chromium reports the hostile reply's onerror attribute while DOMPurify parses it in
    // an inert document; nothing runs (the page asserts window.injected stays unset)
    if (message.text().includes('Executing inline event handler violates')) return;
    if (message.type() === 'error') failures.push('console error: ' + message.text());
  });
  page.on('pageerror', (error) => failures.push('page error: ' + error.message));

  step('opens the console without a token, making no failing request');
  const main = await page.goto(baseUrl + '/');
  assert.equal(main.status(), 200);
  assert.match(main.headers()['content-security-policy'], /default-src 'self'/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(failures, []);
  assert.ok(requests.includes('/console/config.json'), 'the page reads /console/config.json');
  assert.ok(!requests.includes('/dev/token'), 'the page does not probe /dev/token');
  const devButton = page.getByRole('button', { name: 'Sign in with the dev launcher' });
  assert.equal(await devButton.isVisible(), !token);
  const config = await (await page.request.get(baseUrl + '/console/config.json')).json();

  step('signs in');
  if (token) {
    await page.getByLabel('Bearer token (JWT)').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  } else {
    await page.getByLabel('User id').fill('alice');
    await devButton.click();
  }
  await page.getByRole('heading', { name: 'Sessions' }).waitFor();
  assert.ok(await page.evaluate(() => sessionStorage.getItem('chatkit.token')), 'token kept in sessionStorage');
  if (!token) {
    await page.getByText('Signed in as alice').waitFor();
    await devLauncherRun(page, failures);
    return;
  }
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  await page.getByText('No tasks yet.').waitFor();

  step('creates a session');
  await page.getByRole('button', { name: 'New session' }).click();
  const composer = page.getByLabel('Message', { exact: true });
  await composer.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'text');
  assert.equal(await composer.getAttribute('maxlength'), String(config.message_max_chars),
    'the composer takes its limit from /console/config.json');

  step('sends a message and sees the reply stream in with its tool call, rendered as Markdown');
  await composer.fill('Please add milk to my list');
  const apiCallsBefore = requests.filter((path) => path.startsWith('/api/')).length;
  await composer.press('Enter');
  const tool = page.locator('.message.assistant details.tool').first();
  await tool.waitFor();
  assert.match(await tool.locator('summary').textContent(), /Tool call: add_task/);
  await tool.locator('.tool-status.ok').waitFor();
  const replyText = page.locator('.message.assistant .message-text').first();
  await page.waitForFunction(() => document.querySelector('.message.assistant .message-text')?.textContent);
  const firstSeen = await replyText.textContent();
  await page.getByText('Reply complete.').waitFor();
  const finalText = await replyText.textContent();
  const liveUsage = /\d+ \+ \d+ tokens · \$\d+\.\d+/.exec(
    await page.locator('.message.assistant .message-note').first().textContent());
  assert.ok(liveUsage, 'the finished reply shows its tokens and cost');
  assert.equal(finalText, 'I added “Milk” to your to-do list.');
  assert.equal(await replyText.locator('strong').textContent(), '“Milk”', 'Markdown bold is rendered');
  assert.equal(await replyText.locator('code').textContent(), 'to-do', 'Markdown code is rendered');
  assert.equal(await replyText.locator('script, img').count(), 0, 'unsafe markup is dropped');
  assert.equal(await page.evaluate(() => window.injected), undefined, 'no injected script or handler ran');
  await page.locator('.task-list .task-title', { hasText: 'Milk' }).waitFor();
  assert.ok(finalText.startsWith(firstSeen) && firstSeen.length < finalText.length,
    'the reply grew token by token (first seen: ' + JSON.stringify(firstSeen) + ')');
  await tool.locator('summary').click();
  assert.match(await tool.locator('.tool-args').textContent(), /"title": "Milk"/);
  assert.match(await tool.locator('.tool-result').textContent(), /Milk/);
  const item = page.locator('.session[aria-current="true"]');
  await item.getByText('2 messages').waitFor();
  assert.equal(await item.locator('.session-title').textContent(), 'Please add milk to my list');
  await page.waitForTimeout(500);
  const apiCalls = requests.filter((path) => path.startsWith('/api/')).slice(apiCallsBefore);
  const sessionId = new URL(page.url()).hash.split('/')[2];
  assert.deepEqual(apiCalls, ['/api/v1/chatkit/sessions/' + sessionId + '/messages'],
    'one message costs one API request: the stream carries the rest');

  step('takes the screenshot');
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: screenshot, fullPage: true });

  step('shows an upstream error event plainly');
  await composer.fill('And eggs');
  await composer.press('Enter');
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'upstream_error' }).waitFor();
  await page.locator('.message.assistant.failed').getByText(/Reply failed/).waitFor();
  await page.getByText('Let me').last().waitFor();

  step('counts down a 429 rate_limited from Retry-After, then shows budget_exceeded plainly');
  refusalsExpected = true;
  const refuse = (code, message, retryAfter) => (route) => route.fulfill({
    status: 429,
    headers: { 'Content-Type': 'application/json', 'Retry-After': String(retryAfter) },
    body: JSON.stringify({ success: false, error: { code, message, request_id: 'e2e' } }),
  });
  await page.route('**/messages', refuse('rate_limited', 'Too many requests', 2), { times: 1 });
  await composer.fill('Too fast');
  await composer.press('Enter');
  await page.getByText('Rate limited: try again in 2 s.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Send' }).isDisabled(), 'Send waits out the limit');
  await page.getByText('Rate limited: try again in 1 s.').waitFor();
  await page.getByText('You can send again.').waitFor();
  assert.equal(await composer.inputValue(), 'Too fast', 'the refused text is given back');
  await page.route('**/messages', refuse('budget_exceeded', 'Daily budget of $10.00 is spent', 3600), { times: 1 });
  await composer.press('Enter');
  await alert.filter({ hasText: 'daily spending budget is used up' }).waitFor();
  await composer.fill('');
  refusalsExpected = false;

  step('is readable at 375 px');
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'no horizontal scrolling at 375 px (overflow ' + overflow + ' px)');
  await page.setViewportSize({ width: 1100, height: 800 });

  step('reloads and sees the history');
  await page.reload();
  await page.getByRole('heading', { name: 'Please add milk to my list' }).waitFor();
  const messages = page.locator('.messages .message');
  await messages.nth(3).waitFor();
  assert.equal(await messages.count(), 4);
  assert.equal(await messages.nth(1).locator('.message-text').textContent(), finalText);
  const storedTool = messages.nth(1).locator('details.tool');
  assert.equal(await storedTool.getAttribute('open'), null, 'stored tool calls are folded');
  assert.match(await storedTool.locator('summary').textContent(), /add_task\s+ok/);
  assert.match(await messages.nth(3).locator('.message-note').textContent(), /failed/);
  const storedNote = await messages.nth(1).locator('.message-note').textContent();
  assert.ok(storedNote.includes(liveUsage[0]),
    'the token and cost line survives the reload (' + liveUsage[0] + ' / ' + storedNote + ')');
  assert.equal(await messages.nth(1).locator('.message-text strong').textContent(), '“Milk”');
  await page.locator('.task-list .task-title', { hasText: 'Milk' }).waitFor();

  step('moves through the sessions list with the keyboard');
  await page.locator('.session').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'text');

  step('a reload during a reply keeps streaming it in');
  await page.getByRole('button', { name: 'New session' }).click();
  // the composer is already showing the previous session: wait for the new, empty one
  await page.getByText('No messages yet. Say something below.').waitFor();
  await composer.fill('Tell me a long story');
  await composer.press('Enter');
  const longReply = page.locator('.message.assistant .message-text').last();
  await page.waitForFunction(() => [...document.querySelectorAll('.message.assistant .message-text')].pop()
    ?.textContent.length > 0);
  await page.reload();
  await page.getByRole('heading', { name: 'Tell me a long story' }).waitFor();
  await page.getByText('Assistant is replying…').waitFor();
  const resumedSeen = await longReply.textContent();
  await page.getByText('Reply complete.').waitFor();
  const resumedText = await longReply.textContent();
  assert.equal(resumedText, Array.from({ length: 60 }, (_, i) => 'part' + i + ' ').join(''));
  assert.ok(resumedSeen.length < resumedText.length, 'the reply went on streaming in after the reload');

  step('Stop cancels a running reply and keeps its text');
  const repliesBefore = await page.locator('.message.assistant').count();
  await composer.fill('Tell me an endless story');
  await composer.press('Enter');
  // the previous reply is complete on the page already: wait for the new one's first text
  await page.waitForFunction((count) => {
    const texts = [...document.querySelectorAll('.message.assistant .message-text')];
    return texts.length > count && texts[texts.length - 1].textContent.length > 0;
  }, repliesBefore);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText('Stopped. The partial reply was kept.').waitFor();
  const stoppedText = await longReply.textContent();
  const endless = Array.from({ length: 200 }, (_, i) => 'part' + i + ' ').join('');
  assert.ok(stoppedText.length > 0 && endless.startsWith(stoppedText) && stoppedText !== endless,
    'the stopped reply is partial');
  await page.reload();
  await page.getByText('Stopped. The partial reply was kept.').waitFor();
  assert.equal(await longReply.textContent(), stoppedText, 'the stored partial reply is what was streamed');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Delete session' }).click();
  await page.getByText('Session deleted.').waitFor();
  await page.locator('.session').first().click();
  await page.getByRole('heading', { name: 'Please add milk to my list' }).waitFor();

  step('deletes the session after confirming');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Delete session' }).click();
  await page.getByText('Session deleted.').waitFor();
  assert.equal(await page.locator('.session').count(), 0);
  await page.reload();
  await page.getByText('No sessions yet.').waitFor();

  step('signs out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('chatkit.token')), null);

  assert.deepEqual(failures, []);
}

// The dev launcher's own run: the offline demo model adds a task, and the screenshot
// shows the console as a newcomer first sees it.
async function devLauncherRun(page, failures) {
  step('creates a session and has the offline demo model add a task');
  await page.getByRole('button', { name: 'New session' }).click();
  const composer = page.getByLabel('Message', { exact: true });
  await composer.waitFor();
  await composer.fill('Add a task to buy oat milk');
  await composer.press('Enter');
  await page.getByText('Reply complete.').waitFor({ timeout: 60_000 });
  await page.locator('.task-list .task-title', { hasText: 'Buy oat milk' }).waitFor();
  await composer.fill('What is on my list?');
  await composer.press('Enter');
  await page.locator('.message.assistant').nth(1).getByText(/You have \d+ tasks?/).waitFor({ timeout: 60_000 });
  await page.getByText('Reply complete.').waitFor();

  step('takes the screenshot');
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.deepEqual(failures, []);
}

const profile = mkdtempSync(join(tmpdir(), 'chatkit-console-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await run(context);
  console.log('console e2e: all steps passed; screenshot ' + screenshot);
} catch (error) {
  console.error('console e2e FAILED: ' + (error.stack || error));
  process.exitCode = 1;
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}
