// Drives JupyterLab in headless Chromium as a learner would. Run by .ci/test, which
// starts JupyterLab (without NNKIT_HEADLESS, so the widgets are live, and with an
// in-memory notary, so no notebook is trusted) and passes its address:
//   LAB_URL=http://127.0.0.1:8891 LAB_TOKEN=… node .ci/browser_test.mjs
//
// 1. Unexecuted notebooks. A control notebook, put through the contents API, shows that
//    the sanitiser of untrusted notebooks is at work: of an inline <svg>, an
//    image/svg+xml output and an <img> with a data URI, only the last is painted. Then
//    every committed notebook is opened without running it, in JupyterLab and in
//    Notebook 7: the pictures painted (non-zero size, decoded) must equal the pictures
//    in its .ipynb, counted as .ci/pictures.py counts them. A screenshot of each goes
//    into OUT (default out/unexecuted).
// 2. nbconvert. Each HTML page in HTML_DIR (.ci/notebooks.py --html), if any, paints
//    every picture it holds.
// 3. The playground, live: run all cells, click Train, wait for the decision boundary.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const base = process.env.LAB_URL, token = process.env.LAB_TOKEN;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = process.env.OUT || path.join(root, "out", "unexecuted");
const shot = process.env.SHOT || path.join(root, "out", "browser.png");
const htmlDir = process.env.HTML_DIR || "";
const results = [];
const check = (ok, what) => { results.push(ok); console.log(`${ok ? "ok  " : "FAIL"} ${what}`); };

// pictures counts a notebook's pictures as .ci/pictures.py does.
const IMG = /<img\b[^>]*\bsrc="data:image\/[a-z+.-]+;base64,[A-Za-z0-9+/=]*"[^>]*>/g;
function pictures(nb) {
  let n = 0;
  for (const cell of nb.cells || []) {
    for (const o of cell.outputs || []) {
      if (o.output_type !== "display_data" && o.output_type !== "execute_result") continue;
      const d = o.data || {};
      const text = (v) => (Array.isArray(v) ? v.join("") : v || "");
      const html = text(d["text/html"]);
      if (html) n += (html.match(IMG) || []).length + (html.match(/<svg\b/g) || []).length;
      else if (["image/png", "image/jpeg", "image/svg+xml"].some((m) => m in d)) n += 1;
    }
  }
  return n;
}

// painted scrolls each picture of the page's outputs into view, lets it decode, and
// counts those drawn with a non-zero size.
async function painted(page, scope) {
  return page.evaluate(async (scope) => {
    const els = [...document.querySelectorAll(`${scope} img, ${scope} svg`)];
    let n = 0;
    for (const el of els) {
      el.scrollIntoView({ block: "center" });
      if (el.tagName === "IMG") {
        try { await el.decode(); } catch { continue; }
        if (!el.complete || el.naturalWidth === 0) continue;
      }
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) n++;
    }
    return n;
  }, scope);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
const consoleLines = [];
page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
const api = async (method, p, body) => {
  const r = await fetch(`${base}/api/${p}`, {
    method, headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!r.ok && r.status !== 404) throw new Error(`${method} /api/${p}: HTTP ${r.status}`);
  return r.status === 200 ? r.json() : null;
};
// closeKernels shuts down the kernels that opening a notebook started: looking at a
// notebook should not leave one running per page.
const closeKernels = async () => {
  for (const s of (await api("GET", "sessions")) || []) await api("DELETE", `sessions/${s.id}`);
};

// openUnexecuted opens a notebook without running it and waits until its rich outputs
// are rendered (stream outputs are not counted: JupyterLab merges neighbouring ones).
async function openUnexecuted(url, outputs) {
  await page.goto(`${url}&reset`); // JupyterLab: forget the tabs of earlier visits
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120_000 });
  if (outputs > 0) {
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [OUTPUTS, outputs], { timeout: 60_000 });
  }
  await page.waitForTimeout(500);
}

const outputsOf = (nb) => (nb.cells || []).reduce((n, c) =>
  n + (c.outputs || []).filter((o) => o.output_type !== "stream").length, 0);
const uis = [["JupyterLab", "lab/tree"], ["Notebook 7", "notebooks"]];
// The page's own outputs: JupyterLab may restore other tabs of an earlier visit.
const OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output";

try {
  // 1a. The control: what an untrusted notebook keeps.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#0072B2"/></svg>`;
  const b64 = Buffer.from(svg).toString("base64");
  const control = {
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: [["inline", { "text/html": `<div>${svg}</div>`, "text/plain": "inline svg" }],
            ["mime", { "image/svg+xml": svg, "text/plain": "image/svg+xml" }],
            ["img", { "text/html": `<img src="data:image/svg+xml;base64,${b64}" alt="img">`, "text/plain": "img" }]]
      .map(([id, data]) => ({ id, cell_type: "code", source: "", metadata: {}, execution_count: 1,
                              outputs: [{ output_type: "display_data", data, metadata: {} }] })),
  };
  const controlName = `_untrusted_control_${process.pid}.ipynb`;
  await api("PUT", `contents/${controlName}`, { type: "notebook", format: "json", content: control });
  try {
    for (const [ui, route] of uis) {
      await openUnexecuted(`${base}/${route}/${controlName}?token=${token}`, 3);
      const n = await painted(page, OUTPUTS);
      const fallback = await page.locator(OUTPUTS, { hasText: "image/svg+xml" }).count();
      check(n === 1 && fallback === 1,
        `${ui}, untrusted: only the data-URI <img> is painted (${n} of 3 forms; image/svg+xml fell back to text: ${fallback === 1})`);
      await closeKernels();
    }
  } finally {
    await api("DELETE", `contents/${controlName}`);
  }

  // 1b. Every committed notebook, unexecuted.
  fs.mkdirSync(out, { recursive: true });
  const instructor = path.join("exercises", "instructor");
  const names = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()
    .concat(fs.readdirSync(path.join(root, "notebooks", instructor)).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(instructor, f)));
  for (const name of names) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", name), "utf8"));
    const want = pictures(nb);
    for (const [ui, route] of uis) {
      await openUnexecuted(`${base}/${route}/${name}?token=${token}`, outputsOf(nb));
      const n = await painted(page, OUTPUTS);
      await page.evaluate((sel) => document.querySelector(`${sel} img`)?.scrollIntoView({ block: "start" }), OUTPUTS);
      const file = path.join(out, `${ui.replace(/\W+/g, "-").toLowerCase()}-${name.replace(".ipynb", ".png").replace(/\//g, "-")}`);
      await page.screenshot({ path: file });
      check(n === want && want > 0, `${ui}, unexecuted ${name}: ${n} of ${want} pictures painted (screenshot ${path.relative(root, file)})`);
      await closeKernels();
    }
  }

  // 2. nbconvert's HTML export, as nbviewer shows it.
  const pages = htmlDir && fs.existsSync(htmlDir) ? fs.readdirSync(htmlDir).filter((f) => f.endsWith(".html")).sort() : [];
  if (!pages.length) console.log(`SKIP nbconvert pages: none in HTML_DIR (${htmlDir || "unset"})`);
  for (const f of pages) {
    const file = path.join(htmlDir, f);
    const src = fs.readFileSync(file, "utf8");
    const total = (src.match(IMG) || []).length;
    await page.goto(pathToFileURL(file).href);
    const n = await painted(page, ".jp-OutputArea-output");
    check(n === total && total > 0, `nbconvert ${f}: ${n} of ${total} pictures painted`);
  }

  // 3. The playground, live.
  await page.goto(`${base}/lab/tree/08-playground.ipynb?token=${token}&reset`); // forget the tabs of the visits above
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120_000 });
  check(true, "JupyterLab opened 08-playground.ipynb");
  // Wait for the "Go (nnkit)" kernel to be ready, then Run ▸ Run All Cells.
  await page.waitForSelector(".jp-Toolbar :text('Go (nnkit)')", { timeout: 120_000 });
  check(true, "the notebook runs on the Go (nnkit) kernel");
  const menu = async (top, item) => {
    await page.click(`.lm-MenuBar-itemLabel:text-is('${top}')`);
    await page.click(`.lm-Menu-itemLabel:text-is('${item}')`);
  };
  // Run the setup cell alone first, and let the kernel's gopls finish loading nnkit:
  // GoNB v0.11.1's widget script waits only 500 ms for the kernel to acknowledge its
  // channel, and a kernel busy starting gopls on a fresh machine can miss that.
  await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").first().click();
  await page.keyboard.press("Shift+Enter");
  await page.locator(".jp-InputPrompt", { hasText: "[1]:" }).first().waitFor({ timeout: 300_000 });
  await page.waitForTimeout(15_000);
  // Run all cells; the playground cell builds its widgets, and the Train button appears
  // once they are live. If the channel was not acknowledged in time, interrupt and rerun.
  const train = page.locator(".jp-OutputArea button", { hasText: "Train" });
  let live = false;
  for (let attempt = 1; attempt <= 3 && !live; attempt++) {
    await menu("Run", "Run All Cells");
    try {
      await train.waitFor({ timeout: 90_000 });
      live = true;
    } catch {
      console.log(`attempt ${attempt}: the widgets did not connect; interrupting and running again`);
      await menu("Kernel", "Interrupt Kernel");
      await page.waitForTimeout(5_000);
    }
  }
  check(live, "the playground's widgets connected");
  check(await page.locator(".jp-OutputArea input[type=range]").count() >= 4, "the sliders are shown");
  await train.click();
  // Training draws the curves and the decision boundary into the cell's output, as
  // images that the live view replaces at most 5 times a second.
  const boundary = page.locator(".jp-OutputArea img[alt^='decision boundary']");
  await boundary.first().waitFor({ timeout: 300_000 });
  check(true, "clicking Train drew the decision boundary");
  await page.locator(".jp-OutputArea :text('Trained')").first().waitFor({ timeout: 300_000 });
  check(true, "the status line reports the finished training");
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
  // Stop the playground's listening loop; the queued cell after it then runs too.
  await menu("Kernel", "Interrupt Kernel");
  await page.locator(".jp-OutputArea :text('Playground: spiral')").first().waitFor({ timeout: 300_000 });
  check(true, "the remaining cells ran (the spiral check is shown)");
} catch (e) {
  // A failed page load's message holds the URL: keep the token out of the log.
  check(false, `browser test: ${e.message.split("\n")[0].replaceAll(token, "<token>")}`);
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  console.log(`screenshot of the failure: ${shot}`);
  console.log("browser console (last 20 lines):\n  " + consoleLines.slice(-20).join("\n  "));
} finally {
  await browser.close();
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
