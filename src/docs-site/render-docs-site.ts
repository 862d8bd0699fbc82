import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DocsData } from './docs-data.js';

export interface PageAssets {
  readonly script: string;
  readonly style: string;
}

/** The page's script and stylesheet (src/docs-site/page/), inlined into every site. */
export async function loadPageAssets(): Promise<PageAssets> {
  const read = (name: string) => readFile(new URL(`./page/${name}`, import.meta.url), 'utf8');
  return { script: await read('docs-page.js'), style: await read('docs-page.css') };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** JSON that cannot end the script element it sits in (`</script>`) nor start a comment. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The static site, file name → content: one self-contained `index.html` (data, script and style
 * inline; its Content-Security-Policy allows exactly that script and style and no network at all,
 * so opening it from disk or any server behaves the same) and `docs.json` for programs. Pure.
 */
export function renderDocsSite(data: DocsData, assets: PageAssets): Map<string, string> {
  const csp = `default-src 'none'; script-src ${sha256(assets.script)}; style-src ${sha256(assets.style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(data.project)} docs</title>
<style>${assets.style}</style>
</head>
<body>
<aside>
<h1><a href="#">${escapeHtml(data.project)} docs</a></h1>
<input type="search" id="search" data-testid="search" placeholder="Search models, columns, tag:x…" aria-label="Search models">
<nav id="model-list" data-testid="model-list"></nav>
</aside>
<main id="main"></main>
<script type="application/json" id="docs-data">${scriptSafeJson(data)}</script>
<script>${assets.script}</script>
</body>
</html>
`;
  return new Map([
    ['index.html', html],
    ['docs.json', `${JSON.stringify(data, null, 2)}\n`],
  ]);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
