// Runs axe-core on one HTML file in Debian's headless chromium and prints axe's result as
// JSON (violations, passes, incomplete, …). Usage: node axe.js FILE.html [TAG,TAG,…]
// The network is closed: chromium starts without its background services, and the page is
// read from the file system. CHROMIUM names another browser (default /usr/bin/chromium);
// COLOR_SCHEME=dark shows the page as to a reader who asked for dark pages.
// Installed with: cd tools/web && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts
// (--ignore-scripts: vnu-jar's postinstall would download a Java; Debian's is used).
const path = require("path");
const puppeteer = require("puppeteer-core");

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

(async () => {
  if (!process.argv[2]) {
    process.stderr.write("usage: node axe.js FILE.html [TAG,TAG,...]\n");
    process.exit(2);
  }
  const file = path.resolve(process.argv[2]);
  const tags = process.argv[3] ? process.argv[3].split(",") : TAGS;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    if (process.env.COLOR_SCHEME) {
      await page.emulateMediaFeatures([
        { name: "prefers-color-scheme", value: process.env.COLOR_SCHEME },
      ]);
    }
    await page.goto("file://" + file, { waitUntil: "load" });
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const result = await page.evaluate(
      // eslint-disable-next-line no-undef
      async (runOnly) => axe.run(document, { runOnly: { type: "tag", values: runOnly } }),
      tags,
    );
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    await browser.close();
  }
})().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(2);
});
