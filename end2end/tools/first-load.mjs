// What one cold, signed-in load of the phone page ("/") fetches: every response body with its
// raw, gzip -9 and brotli -q11 sizes. Shared by tools/page-weight.mjs (the report) and
// tests/page_weight.spec.ts (the budget CI holds the page to).
import zlib from "node:zlib";

/** Loads "/" in a new page of `context` (already signed in); returns { rows, total }. */
export async function firstLoadWeight(context) {
  const page = await context.newPage();
  const bodies = [];
  page.on("response", async (response) => {
    try {
      const body = await response.body();
      bodies.push({ url: new URL(response.url()).pathname, type: response.headers()["content-type"] ?? "", body });
    } catch {
      // Redirects have no body.
    }
  });
  await page.goto("/", { waitUntil: "networkidle" });
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.close();
  const rows = bodies.map(({ url, type, body }) => ({
    url,
    type: type.split(";")[0],
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }));
  rows.sort((a, b) => b.raw - a.raw);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
  return { rows, total };
}
