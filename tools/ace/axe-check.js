// Runs axe-core (the copy DAISY Ace ships) on one HTML file in headless Chromium and prints
// the violations as JSON. Usage: PUPPETEER_EXECUTABLE_PATH=... node axe-check.js FILE.html
const path = require("path");
const puppeteer = require("puppeteer-core");

(async () => {
  const file = path.resolve(process.argv[2]);
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH,
    args: ["--no-sandbox"],
  });
  try {
    const page = await browser.newPage();
    await page.goto("file://" + file);
    await page.addScriptTag({ path: require.resolve("@daisy/axe-core-for-ace/axe.min.js") });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    await browser.close();
  }
})().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(2);
});
