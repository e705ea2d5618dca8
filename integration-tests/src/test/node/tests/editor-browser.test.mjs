// The collaborative editor demo (/demo/editor.html: Tiptap on Yjs over WS /collab) in Chromium: two users in two
// browser contexts type into one document at the same time, at different places, and end with the same text, which
// is also the server's copy; each sees the other's caret with the other's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { BASE, devToken, launchBrowser, until, waitFor } from '../lib/aqueduct.mjs';
import { serverDoc, Y } from '../lib/yjs.mjs';
import { uniq } from '../lib/ws-client.mjs';

const SCREENSHOTS = new URL('../../../../target/screenshots/', import.meta.url);

async function openEditor(browser, doc, sub, name, grants = 'rwp') {
  const token = await devToken({ sub: uniq(sub), rooms: { 'doc:*': grants } });
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/demo/editor.html?${new URLSearchParams({ token, doc, name })}`);
  await waitFor(page, () => window.aqueduct.synced === true);
  // whether each change of the page's Yjs document came from its own keys or from the server, in order
  await page.evaluate(() => {
    const { ydoc, provider } = window.aqueduct.session;
    window.origins = [];
    ydoc.on('update', (update, origin) => window.origins.push(origin === provider ? 'remote' : 'local'));
  });
  return { context, page, token, name, errors };
}

// What a person sees in the editor, one line per paragraph: the text of the rendered paragraphs without the other
// users' carets (their name labels are drawn into the text).
const shownText = (page) => page.evaluate(() => [...document.querySelectorAll('#editor .tiptap > p')].map((p) => {
  const copy = p.cloneNode(true);
  copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
  return copy.textContent;
}).join('\n'));

// The names on the carets drawn in a page's editor.
const caretNames = (page) => page.locator('#editor .collaboration-carets__caret .collaboration-carets__label')
  .allTextContents();

// The text of a Tiptap document read straight from Yjs: the XmlFragment `default`, one line per paragraph.
function fragmentLines(fragment) {
  return fragment.toArray().map((paragraph) => {
    assert.ok(paragraph instanceof Y.XmlElement, `a block element, not ${paragraph.constructor.name}`);
    assert.equal(paragraph.nodeName, 'paragraph');
    return paragraph.toArray().map((t) => t.toDelta().map((d) => d.insert).join('')).join('');
  }).join('\n');
}

const count = (text, part) => text.split(part).length - 1;

test('two users type into one document at once and converge, with each other\'s carets', async (t) => {
  const doc = `doc:${uniq('editor')}`;
  const browser = await launchBrowser();
  try {
    const alice = await openEditor(browser, doc, 'alice', 'Alice');
    const bob = await openEditor(browser, doc, 'bob', 'Bob');
    assert.equal(await alice.page.evaluate(() => window.aqueduct.scope), 'read-write');

    // a first line for each of them, typed by Alice
    const seed = ['Alice:', 'Bob:'];
    await alice.page.getByRole('textbox', { name: /Document/ }).click();
    await alice.page.keyboard.type(seed[0]);
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type(seed[1]);
    await waitFor(bob.page, (want) => window.aqueduct.text === want, seed.join('\n'));
    await bob.page.getByRole('textbox', { name: /Document/ }).click();

    // Rounds of concurrent typing, key by key on both pages at once, each user at another place: the caret goes to
    // its place (end of the first line, start or end of the last), then a fragment no one else types. Between rounds
    // the pages catch up, so that each round starts from the same text (two carets on the same spot would be
    // concurrent inserts at one position, where Yjs may put one user's keys between the other's).
    const rounds = [
      ['endOfFirst', 'endOfLast'],
      ['endOfLast', 'endOfFirst'],
      ['startOfLast', 'endOfLast'],
      ['endOfFirst', 'startOfLast'],
      ['endOfLast', 'endOfFirst'],
    ];
    const settled = async () => {
      const [a, b] = await Promise.all([alice, bob].map(({ page }) => page.evaluate(
        () => ({ text: window.aqueduct.text, unsynced: window.aqueduct.unsynced }))));
      return a.unsynced === 0 && b.unsynced === 0 && a.text === b.text;
    };
    const typed = [];
    const typeAt = async (user, place, fragment) => {
      await user.page.evaluate((where) => {
        const { editor } = window.aqueduct.session;
        const { doc } = editor.state;
        editor.commands.focus({
          endOfFirst: doc.firstChild.nodeSize - 1,
          startOfLast: doc.content.size - doc.lastChild.nodeSize + 1,
          endOfLast: doc.content.size - 1,
        }[where]);
      }, place);
      await user.page.keyboard.type(place === 'startOfLast' ? `${fragment} ` : ` ${fragment}`, { delay: 15 });
    };
    const interleaved = { alice: 0, bob: 0 };
    for (const [r, [alicePlace, bobPlace]] of rounds.entries()) {
      const a = `a${r}${Math.random().toString(36).slice(2, 8)}`;
      const b = `b${r}${Math.random().toString(36).slice(2, 8)}`;
      typed.push(a, b);
      await Promise.all([alice, bob].map(({ page }) => page.evaluate(() => { window.origins.length = 0; })));
      await Promise.all([typeAt(alice, alicePlace, a), typeAt(bob, bobPlace, b)]);
      // both pages settle on the same text, and every change is stored (Hocuspocus SyncStatus)
      await until(settled, { timeout: 20000, what: `round ${r}: the same text in both editors, nothing unsaved` });
      // the typing really overlapped: the other user's keys arrived between one's own
      for (const [who, { page }] of Object.entries({ alice, bob })) {
        const seen = (await page.evaluate(() => window.origins.join(' '))).replace(/(\w+)( \1)+/g, '$1');
        if (/local remote local/.test(seen)) interleaved[who]++;
      }
    }
    t.diagnostic(`rounds where the other's keys came in between: Alice ${interleaved.alice}, Bob ${interleaved.bob} `
      + `of ${rounds.length}`);
    assert.ok(interleaved.alice > 0 && interleaved.bob > 0, `overlapping rounds: ${JSON.stringify(interleaved)}`);

    const text = await shownText(alice.page);
    assert.equal(await shownText(bob.page), text, 'both editors show the same text');
    assert.equal(await alice.page.evaluate(() => window.aqueduct.text), text);
    assert.equal(await bob.page.evaluate(() => window.aqueduct.text), text);
    assert.equal(await bob.page.evaluate(() => window.aqueduct.fragmentText), text);
    for (const fragment of typed) {
      assert.equal(count(text, fragment), 1, `"${fragment}" once in ${JSON.stringify(text)}`);
    }
    // nothing else: taking out what was typed in the rounds leaves the first lines
    let rest = text;
    for (const fragment of typed) rest = rest.replace(` ${fragment}`, '').replace(`${fragment} `, '');
    assert.equal(rest, seed.join('\n'));
    assert.equal(text.split('\n').length, 2);

    // the server's copy is what the pages show, in the field Tiptap uses
    const server = await serverDoc(doc, alice.token);
    assert.equal(fragmentLines(server.getXmlFragment('default')), text);
    const pageXml = await alice.page.evaluate(() => window.aqueduct.session.ydoc.getXmlFragment('default').toString());
    assert.equal(server.getXmlFragment('default').toString(), pageXml);

    // each page shows the other's caret, labelled with the other's name, and lists the other as here
    await waitFor(alice.page, () => window.aqueduct.remoteCursors.length > 0);
    await waitFor(bob.page, () => window.aqueduct.remoteCursors.length > 0);
    assert.deepEqual(await caretNames(alice.page), [bob.name]);
    assert.deepEqual(await caretNames(bob.page), [alice.name]);
    assert.deepEqual((await alice.page.locator('#users li').allTextContents()).sort(), ['Alice (you)', 'Bob']);
    assert.deepEqual((await bob.page.locator('#users li').allTextContents()).sort(), ['Alice', 'Bob (you)']);
    // the caret is drawn where Bob typed last: in the same paragraph, right after his last fragment
    const [lastBob] = typed.slice(-1);
    const bobCaretAfter = await alice.page.evaluate(() => {
      const caret = document.querySelector('#editor .collaboration-carets__caret');
      const before = document.createRange();
      before.setStart(caret.closest('p'), 0);
      before.setEndBefore(caret);
      return before.toString().replace(/\s+$/, '');
    });
    assert.ok(bobCaretAfter.endsWith(lastBob), `Bob's caret after "${lastBob}": ${JSON.stringify(bobCaretAfter)}`);

    await mkdir(SCREENSHOTS, { recursive: true });
    await alice.page.screenshot({ path: new URL('editor.png', SCREENSHOTS).pathname, fullPage: true });
    assert.deepEqual([...alice.errors, ...bob.errors], [], 'no errors on the pages');
  } finally {
    await browser.close();
  }
});

test('a reader sees the stored text and cannot change it', async () => {
  const doc = `doc:${uniq('editor-ro')}`;
  const browser = await launchBrowser();
  try {
    const writer = await openEditor(browser, doc, 'writer', 'Writer');
    await writer.page.getByRole('textbox', { name: /Document/ }).click();
    const line = `stored ${Math.random().toString(36).slice(2, 8)}`;
    await writer.page.keyboard.type(line);
    await waitFor(writer.page, () => window.aqueduct.unsynced === 0);
    await writer.context.close();

    const reader = await openEditor(browser, doc, 'reader', 'Reader', 'r');
    await waitFor(reader.page, () => window.aqueduct.scope === 'readonly');
    assert.equal(await shownText(reader.page), line);
    const box = reader.page.getByRole('textbox', { name: /Document/ });
    assert.equal(await box.getAttribute('contenteditable'), 'false');
    await box.click();
    await reader.page.keyboard.type('nope');
    assert.equal(await shownText(reader.page), line);
    assert.match(await reader.page.getByRole('status').textContent(), /read only/);
    assert.equal(fragmentLines((await serverDoc(doc, reader.token)).getXmlFragment('default')), line);
    // the writer left: only the reader is here (the server removed the writer's awareness state when it closed)
    await waitFor(reader.page, () => window.aqueduct.users.length === 1, undefined, 10000);
    assert.deepEqual(await reader.page.locator('#users li').allTextContents(), ['Reader (you)']);
  } finally {
    await browser.close();
  }
});
