// Firefox for the engine tests (tests/engines/test_engines.py), driven by puppeteer-core over WebDriver
// BiDi: Debian ships no geckodriver, and puppeteer is Node-only, so pytest starts this script
// once per test session and talks to it in JSON lines.
//
//   stdin:  {"id": 1, "cmd": "goto", "url": "..."}     one command a line
//   stdout: {"id": 1, "ok": true, "value": ...}         one answer a line (or "ok": false, "error")
//
// Commands: version, goto {url}, js {body, args} (the body of a function; its return value,
// awaited, must be JSON), hover {selector}, click {selector}, press {key}, type {text},
// log (requests made and console errors since the last "log"), quit.
// Selectors must match exactly one element (the Python side marks its target first).
// FIREFOX=/path/to/firefox overrides /usr/bin/firefox-esr.

import readline from "node:readline";
import puppeteer from "puppeteer-core";

const executablePath = process.env.FIREFOX || "/usr/bin/firefox-esr";
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // No updates, telemetry or remote settings: nothing but the page may use the network, so
  // any request the log shows came from the page.
  extraPrefsFirefox: {
    "app.update.enabled": false,
    "browser.ping-centre.telemetry": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "services.settings.server": "",
  },
});
// A page of our own, brought to the front: in the tab Firefox starts with, document.hasFocus()
// stays false and no focus event fires (search opens, and tooltips show, on focus).
const page = await browser.newPage();
await page.bringToFront();
await page.setViewport({ width: 1280, height: 900 });

let requests = [];
let errors = [];
page.on("request", (request) => requests.push(request.url()));
page.on("console", (message) => {
  if (message.type() === "error") errors.push(message.text());
});
page.on("pageerror", (error) => errors.push(`uncaught: ${error.message || error}`));

async function only(selector) {
  const found = await page.$$(selector);
  if (found.length !== 1) throw new Error(`${selector} matches ${found.length} elements, not 1`);
  return found[0];
}

const commands = {
  version: async () => browser.version(),
  goto: async ({ url }) => {
    await page.goto(url, { waitUntil: "load" });
    return page.url();
  },
  js: async ({ body, args }) =>
    page.evaluate(`(async function () { ${body} }).apply(null, ${JSON.stringify(args || [])})`),
  hover: async ({ selector }) => {
    await page.mouse.move(0, 0); // a pointer already resting there would make no mouseenter
    await (await only(selector)).hover();
  },
  click: async ({ selector }) => (await only(selector)).click(),
  press: async ({ key }) => page.keyboard.press(key),
  type: async ({ text }) => page.keyboard.type(text, { delay: 20 }),
  log: async () => {
    const seen = { requests, errors };
    requests = [];
    errors = [];
    return seen;
  },
  quit: async () => {
    await browser.close();
    process.exit(0);
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, cmd, ...args } = JSON.parse(line);
  let answer;
  try {
    if (!commands[cmd]) throw new Error(`unknown command ${cmd}`);
    const value = await commands[cmd](args);
    answer = { id, ok: true, value: value === undefined ? null : value };
  } catch (error) {
    answer = { id, ok: false, error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
