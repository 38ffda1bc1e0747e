// Drives JupyterLab in headless Chromium as a learner would: opens the playground
// notebook, runs all cells, clicks the Train widget and waits for the decision boundary
// to appear as SVG in the page, then lets the remaining cells run. Run by .ci/test, which starts JupyterLab (without
// NNKIT_HEADLESS, so the widgets are live) and passes its address:
//   LAB_URL=http://127.0.0.1:8891 LAB_TOKEN=… node .ci/browser_test.mjs
import { chromium } from "playwright-core";

const base = process.env.LAB_URL, token = process.env.LAB_TOKEN;
const shot = process.env.SHOT || "out/browser.png";
const results = [];
const check = (ok, what) => { results.push(ok); console.log(`${ok ? "ok  " : "FAIL"} ${what}`); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
const consoleLines = [];
page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
try {
  await page.goto(`${base}/lab/tree/08-playground.ipynb?token=${token}`);
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
  await page.locator(".jp-Notebook .jp-CodeCell").first().click();
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
  // Training draws the curves and the decision boundary into the cell's output.
  const boundary = page.locator(".jp-OutputArea svg text", { hasText: "x₁" });
  await boundary.first().waitFor({ timeout: 300_000 });
  check(true, "clicking Train drew the decision boundary (SVG)");
  await page.locator(".jp-OutputArea :text('Trained')").first().waitFor({ timeout: 300_000 });
  check(true, "the status line reports the finished training");
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
  // Stop the playground's listening loop; the queued cell after it then runs too.
  await menu("Kernel", "Interrupt Kernel");
  await page.locator(".jp-OutputArea :text('Playground: spiral')").first().waitFor({ timeout: 300_000 });
  check(true, "the remaining cells ran (the spiral check is shown)");
} catch (e) {
  check(false, `browser test: ${e.message.split("\n")[0]}`);
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  console.log(`screenshot of the failure: ${shot}`);
  console.log("browser console (last 20 lines):\n  " + consoleLines.slice(-20).join("\n  "));
} finally {
  await browser.close();
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
