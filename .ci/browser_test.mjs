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
// 3. The playground, live: run all cells, then add and remove a layer, toggle a feature,
//    change the dataset, play until the loss falls, pause, step, select a neuron, show
//    the code and reset, checking after each what changed; a screenshot of each goes
//    into out/playground. Last, the playground at 1000 px.
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
  // PARTS=playground runs part 3 alone, for work on the playground.
  if (process.env.PARTS !== "playground") {
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

  }

  // 3. The playground, live, on a kernel of its own.
  await closeKernels();
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
  // The committed notebook shows [1] already, so the run counts once the prompt has been
  // [*] and shows a number again. GoNB serves a kernel's requests one at a time; once in
  // CI the setup cell stayed [*] for five minutes without reaching the kernel (its log has
  // no "Executing"), so a run that does not end in 120 s restarts the kernel and tries again.
  const setup = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell").first();
  const prompt = setup.locator(".jp-InputPrompt");
  const promptIs = async (re, timeout) => page.waitForFunction(([p, re]) => new RegExp(re).test(p.textContent),
    [await prompt.elementHandle(), re.source], { timeout }).then(() => true, () => false);
  let ran = false;
  for (let attempt = 1; attempt <= 3 && !ran; attempt++) {
    await setup.click();
    await page.keyboard.press("Shift+Enter");
    ran = await promptIs(/\[\*\]/, 10_000) && await promptIs(/\[\d+\]/, 120_000);
    if (ran) break;
    const status = await page.locator(".jp-Notebook-ExecutionIndicator").first().getAttribute("data-status").catch(() => "?");
    console.log(`attempt ${attempt}: the setup cell did not run (prompt ${JSON.stringify(await prompt.textContent())}, kernel ${status}); restarting the kernel`);
    await menu("Kernel", "Restart Kernel…");
    await page.locator(".jp-Dialog button.jp-mod-accept").click();
    await page.waitForTimeout(10_000);
  }
  check(ran, "the setup cell ran");
  await page.waitForTimeout(15_000);
  // Run all cells; the playground cell draws its controls and waits for the browser's
  // first message, and then marks its toolbar connected. If GoNB's channel was not
  // acknowledged in time, no message comes: interrupt and run again. It is live once a
  // step moves the epoch.
  const pg = page.locator(".jp-OutputArea [data-nnkit-playground]").last();
  const state = () => pg.evaluate((r) => {
    const hash = (s) => { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; };
    const img = (part) => hash(r.querySelector(`[id$='-${part}'] img`)?.src || "");
    return {
      epoch: Number(r.querySelector("[data-epoch]").dataset.epoch), loss: Number(r.querySelector("[data-loss]").dataset.loss),
      sizes: r.querySelector("[data-sizes]").dataset.sizes, network: img("network"), output: img("output"),
      playing: !!r.querySelector("button[data-ev='pause']"), step: r.querySelector("[id$='-step']").textContent,
      code: r.querySelector("[id$='-code']").textContent,
    };
  });
  const click = (ev) => pg.locator(`button[data-ev='${ev}']`).first().click();
  const until = async (what, ok, timeout = 60_000) => {
    const start = Date.now();
    for (;;) {
      const s = await state();
      if (ok(s)) return s;
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ ...s, step: s.step.slice(0, 60), code: s.code.slice(0, 60) })}`);
      await page.waitForTimeout(100);
    }
  };
  const shots = path.join(path.dirname(shot), "playground");
  fs.mkdirSync(shots, { recursive: true });
  let n = 0;
  const snap = async (name) => {
    // JupyterLab asks once whether to fetch its news; the toast would hide the picture.
    const no = page.locator(".Toastify button", { hasText: /^No$/ });
    if (await no.count()) await no.first().click().catch(() => {});
    const file = path.join(shots, `${String(++n).padStart(2, "0")}-${name}.png`);
    await pg.screenshot({ path: file });
    return path.relative(root, file);
  };
  let live = false;
  for (let attempt = 1; attempt <= 3 && !live; attempt++) {
    await menu("Run", "Run All Cells");
    try {
      await pg.locator("[data-connected='true']").waitFor({ timeout: 90_000 });
      await click("step");
      await until("the first step", (s) => s.epoch === 1, 20_000);
      live = true;
    } catch (e) {
      console.log(`attempt ${attempt}: the playground did not answer (${e.message.split("\n")[0]}); interrupting and running again`);
      await menu("Kernel", "Interrupt Kernel");
      await page.waitForTimeout(5_000);
    }
  }
  check(live, "the playground's controls are live: step trained epoch 1");
  // Every control shows its value: the sliders print theirs beside them.
  check(await pg.locator("input[type=range]").count() === 3 && await pg.locator("span.nnkit-pg-noise").first().textContent() === "0.20",
    "the sliders show their values (noise σ 0.20)");
  let s0 = await state();
  await click("reset");
  let s = await until("reset", (s) => s.epoch === 0);
  check(s.sizes === "2-4-2-2", `reset: epoch 0, network ${s.sizes} (${await snap("start")})`);

  s0 = s;
  await click("layer:+");
  s = await until("a layer added", (s) => s.sizes !== s0.sizes);
  check(s.sizes === "2-4-2-2-2" && s.network !== s0.network, `+ added a hidden layer: ${s0.sizes} → ${s.sizes}, the diagram redrawn (${await snap("layer-added")})`);
  s0 = s;
  await click("layer:-");
  s = await until("the layer removed", (s) => s.sizes !== s0.sizes);
  check(s.sizes === "2-4-2-2" && s.network !== s0.network, `− removed it: ${s0.sizes} → ${s.sizes} (${await snap("layer-removed")})`);

  s0 = s;
  await pg.locator("input[data-set='feature:4']").check(); // x₁x₂
  s = await until("a feature toggled", (s) => s.sizes !== s0.sizes);
  check(s.sizes === "3-4-2-2" && s.network !== s0.network, `the x₁x₂ feature added an input: ${s0.sizes} → ${s.sizes} (${await snap("feature")})`);

  s0 = s;
  await pg.locator("select[data-set='dataset']").selectOption("xor");
  s = await until("the dataset changed", (s) => s.output !== s0.output);
  check(await pg.locator("select[data-set='dataset']").inputValue() === "xor" && s.epoch === 0,
    `the dataset is xor, the output plane redrawn (${await snap("dataset")})`);

  for (const [control, what] of [["discretize", "discretize output"], ["showtest", "show test data"]]) {
    const box = pg.locator(`input[data-set='${control}']`);
    const was = await box.isChecked();
    s0 = s;
    await box.setChecked(!was);
    s = await until(what, (s) => s.output !== s0.output);
    check(s.epoch === s0.epoch && s.network === s0.network, `"${what}" ${was ? "off" : "on"} redraws the output plane alone (${await snap(control)})`);
    s0 = s;
    await box.setChecked(was);
    s = await until(what, (s) => s.output !== s0.output);
  }

  s0 = s;
  await click("play");
  s = await until("the loss to fall while playing", (s) => s.playing && s.epoch > 0 && s.loss < 0.8 * s0.loss, 120_000);
  check(true, `play: epoch ${s.epoch}, train loss ${s0.loss.toFixed(4)} → ${s.loss.toFixed(4)} (${await snap("playing")})`);
  const frames = new Set();
  const t0 = Date.now();
  while (Date.now() - t0 < 3_000) { frames.add((await state()).output); await page.waitForTimeout(50); }
  const rate = (frames.size - 1) / ((Date.now() - t0) / 1000);
  check(frames.size >= 3 && rate <= 5.5, `while playing the output plane is redrawn, at most 5 times a second (${frames.size} frames in 3 s: ${rate.toFixed(1)}/s)`);
  await click("pause");
  s = await until("pause", (s) => !s.playing);
  await page.waitForTimeout(1_500);
  const paused = await state();
  check(paused.epoch === s.epoch && paused.epoch > 0, `pause: the epoch stays at ${s.epoch} after 1.5 s (${paused.epoch})`);

  s0 = paused;
  await click("step");
  s = await until("a step", (s) => s.epoch !== s0.epoch);
  check(s.epoch === s0.epoch + 1 && s.output !== s0.output, `step: epoch ${s0.epoch} → ${s.epoch}, the output redrawn (${await snap("step")})`);

  s0 = s;
  await click("select:1:1");
  s = await until("the step view", (s) => s.step.includes("neuron 2 of layer 1"));
  check(s.step.includes("Forward") && s.step.includes("Backward") && s.step.includes("δ¹₂") && s.network !== s0.network,
    `a neuron's chip shows its step view (neuron 2 of layer 1: forward, backward, δ¹₂) and outlines it (${await snap("neuron")})`);

  await click("code");
  s = await until("the code", (s) => s.code.includes("playground.Config{"));
  check(s.code.includes(`Dataset:    "xor"`) && s.code.includes(`run.Steps(${s.epoch})`), `as code: the cell builds this setting and trains ${s.epoch} epochs`);

  s0 = s;
  await click("reset");
  s = await until("reset", (s) => s.epoch === 0);
  check(s.output !== s0.output && s.loss > s0.loss, `reset: epoch ${s0.epoch} → 0, loss ${s0.loss.toFixed(4)} → ${s.loss.toFixed(4)} (${await snap("reset")})`);
  s0 = s;
  await pg.locator("select[data-set='dataset']").selectOption("multi-gauss");
  s = await until("a regression set", (s) => s.output !== s0.output && s.sizes.endsWith("-1"));
  check(!(await pg.locator("[id$='-output']").textContent()).includes("accuracy"),
    `multi-gauss is a regression: one output (${s.sizes}), no accuracy, the plane shows the value (${await snap("regression")})`);

  // At 1000 px, with the file browser closed as a learner would close it for room, every
  // part shows without a horizontal scroll, the three columns side by side.
  await page.setViewportSize({ width: 1000, height: 1100 });
  const current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current");
  if (await current.count()) await current.first().click(); // clicking the open tab closes the sidebar
  await page.waitForTimeout(1_000);
  const fit = await pg.evaluate((r) => {
    const rect = (part) => r.querySelector(`[id$='-${part}']`).getBoundingClientRect();
    const [c, nw, o] = ["controls", "network", "output"].map(rect), box = r.getBoundingClientRect();
    return { width: Math.round(box.width), overflow: r.scrollWidth > r.clientWidth + 1,
             inside: [c, nw, o].every((x) => x.left >= box.left - 1 && x.right <= box.right + 1), row: c.top === nw.top && nw.top === o.top };
  });
  check(!fit.overflow && fit.inside && fit.row,
    `at 1000 px the playground is ${fit.width} px wide, its three columns side by side, nothing scrolls sideways (${await snap("1000px")})`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
  // Stop the playground's loop; the queued cells after it then run too.
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
