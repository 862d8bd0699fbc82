// The docs site's only script: inlined into index.html with the data, so the site needs no network.
// Every text from the models goes through textContent, never innerHTML.
'use strict';
const DATA = JSON.parse(document.getElementById('docs-data').textContent);
const BY_NAME = new Map(DATA.models.map((m) => [m.name, m]));
const KINDS = [
  ['source', 'Sources'],
  ['table', 'Tables'],
  ['view', 'Views'],
  ['mart', 'Marts'],
];
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const link = (name) => el('a', { href: `#/model/${encodeURIComponent(name)}`, 'data-model-link': name }, name);
const badge = (kind) => el('span', { class: `badge ${kind}` }, kind);

/** What a search matches: name, kind, description, path, tags, column names and types. */
function haystack(m) {
  return [m.name, m.kind, m.description, m.path, ...m.tags.map((t) => `tag:${t}`), ...m.columns.map((c) => `${c.name} ${c.type}`)].join(' ').toLowerCase();
}

function renderList() {
  const terms = document.getElementById('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const list = document.getElementById('model-list');
  list.replaceChildren();
  let shown = 0;
  const current = decodeURIComponent((location.hash.match(/^#\/model\/(.+)$/) ?? [])[1] ?? '');
  for (const [kind, title] of KINDS) {
    const hits = DATA.models.filter((m) => m.kind === kind && terms.every((t) => haystack(m).includes(t))).sort((a, b) => a.name.localeCompare(b.name));
    if (hits.length === 0) continue;
    shown += hits.length;
    list.append(el('h2', {}, title));
    const ul = el('ul');
    for (const m of hits) {
      const a = link(m.name);
      if (m.name === current) a.setAttribute('aria-current', 'page');
      ul.append(el('li', { 'data-model': m.name }, a));
    }
    list.append(ul);
  }
  if (shown === 0) list.append(el('p', { class: 'empty', 'data-testid': 'no-match' }, 'No model matches.'));
}

/** Depth = longest path from a model nothing feeds; one column per depth, left to right. */
function layout(names) {
  const depth = new Map();
  const d = (n) => {
    if (!depth.has(n))
      depth.set(
        n,
        Math.max(
          -1,
          ...BY_NAME.get(n)
            .dependsOn.filter((x) => names.includes(x))
            .map(d),
        ) + 1,
      );
    return depth.get(n);
  };
  names.forEach(d);
  const columns = [];
  for (const n of names) (columns[depth.get(n)] ??= []).push(n);
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((n, y) => pos.set(n, { x: 20 + x * 220, y: 20 + y * 56 })));
  return { pos, width: 40 + columns.length * 220, height: 20 + Math.max(...columns.map((c) => c.length)) * 56 };
}

/** The model-level lineage graph; with `focus`, only its upstream and downstream, the focus lit. */
function lineage(focus) {
  let names = DATA.models.map((m) => m.name);
  if (focus) {
    const keep = new Set([focus]);
    const walk = (n, dir) =>
      BY_NAME.get(n)[dir].forEach((x) => {
        if (!keep.has(x)) {
          keep.add(x);
          walk(x, dir);
        }
      });
    walk(focus, 'dependsOn');
    walk(focus, 'dependents');
    names = names.filter((n) => keep.has(n));
  }
  const { pos, width, height } = layout(names);
  const svg = el('svg:svg', { class: 'lineage', viewBox: `0 0 ${width} ${height}`, 'data-testid': 'lineage', role: 'img', 'aria-label': 'lineage graph' });
  for (const to of names) {
    for (const from of BY_NAME.get(to).dependsOn.filter((x) => pos.has(x))) {
      const a = pos.get(from),
        b = pos.get(to);
      const [x1, y1, x2, y2] = [a.x + 180, a.y + 18, b.x, b.y + 18];
      const lit = focus && (from === focus || to === focus) ? ' lit' : '';
      svg.append(el('svg:path', { class: `edge${lit}`, d: `M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2},${y2}`, 'data-from': from, 'data-to': to }));
    }
  }
  for (const n of names) {
    const { x, y } = pos.get(n);
    const g = el(
      'svg:g',
      { class: `node ${BY_NAME.get(n).kind}${n === focus ? ' current' : ''}`, 'data-node': n, transform: `translate(${x},${y})` },
      el('svg:rect', { width: 180, height: 36 }),
      el('svg:text', { x: 10, y: 22 }, n.length > 24 ? `${n.slice(0, 23)}…` : n),
    );
    g.append(el('svg:title', {}, `${n} (${BY_NAME.get(n).kind})`));
    g.addEventListener('click', () => {
      location.hash = `#/model/${encodeURIComponent(n)}`;
    });
    svg.append(g);
  }
  return svg;
}

function table(headers, rows, testid) {
  return el(
    'table',
    testid ? { 'data-testid': testid } : {},
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
}

function overview() {
  const counts = KINDS.map(([k, t]) => `${DATA.models.filter((m) => m.kind === k).length} ${t.toLowerCase()}`).join(', ');
  return [
    el('h2', {}, `${DATA.project} — models`),
    el('p', { class: 'muted' }, `${counts}; database ${DATA.database}. Click a model, or search on the left.`),
    el('section', {}, el('h3', {}, 'Lineage'), lineage()),
  ];
}

function modelPage(m) {
  const out = [el('h2', { 'data-testid': 'model-name' }, m.name, badge(m.kind)), el('p', { class: 'muted' }, m.path)];
  if (m.description) out.push(el('p', { 'data-testid': 'description' }, m.description));
  if (m.tags.length) out.push(el('p', {}, ...m.tags.map((t) => el('span', { class: 'tag' }, t))));
  if (m.freshness) out.push(el('p', { 'data-testid': 'freshness' }, `Freshness: ${m.freshness}`));
  out.push(
    el(
      'section',
      {},
      el('h3', {}, 'Columns'),
      m.columns.length
        ? table(
            ['column', 'type', ''],
            m.columns.map((c) => [el('code', {}, c.name), el('code', {}, c.type), c.partition ? 'partition' : '']),
            'columns',
          )
        : el('p', { class: 'muted' }, 'Not known until an engine describes it.'),
    ),
  );
  const edges = DATA.columnLineage.filter((e) => e.toModel === m.name || e.fromModel === m.name);
  if (edges.length) {
    out.push(
      el(
        'section',
        {},
        el('h3', {}, 'Column lineage'),
        table(
          ['from', '', 'to'],
          edges.map((e) => [el('code', {}, `${e.fromModel}.${e.fromColumn}`), '→', el('code', {}, `${e.toModel}.${e.toColumn}`)]),
          'column-lineage',
        ),
      ),
    );
  }
  out.push(
    el(
      'section',
      {},
      el('h3', {}, 'Tests'),
      m.tests.length
        ? el('ul', { 'data-testid': 'tests' }, ...m.tests.map((t) => el('li', {}, el('code', {}, t))))
        : el('p', { class: 'muted' }, 'No data tests.'),
    ),
  );
  const refs = (names) => (names.length ? names.flatMap((n, i) => (i ? [', ', link(n)] : [link(n)])) : ['—']);
  out.push(
    el('section', {}, el('h3', {}, 'Lineage'), el('p', {}, 'Reads: ', ...refs(m.dependsOn)), el('p', {}, 'Read by: ', ...refs(m.dependents)), lineage(m.name)),
  );
  const dialects = Object.keys(m.sql);
  const pre = el('pre', { 'data-testid': 'sql' });
  const tabs = el('div', { class: 'tabs', role: 'tablist' });
  const show = (d) => {
    pre.textContent = m.sql[d];
    pre.dataset.dialect = d;
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.dialect === d));
  };
  for (const d of dialects) {
    const b = el('button', { role: 'tab', 'data-dialect': d, 'data-testid': `sql-tab-${d}` }, d);
    b.addEventListener('click', () => show(d));
    tabs.append(b);
  }
  out.push(el('section', {}, el('h3', {}, 'Rendered SQL'), tabs, pre));
  if (dialects.length) show(dialects.includes('athena') ? 'athena' : dialects[0]);
  return out;
}

function route() {
  const name = decodeURIComponent((location.hash.match(/^#\/model\/(.+)$/) ?? [])[1] ?? '');
  const m = BY_NAME.get(name);
  const main = document.getElementById('main');
  main.replaceChildren(...(m ? modelPage(m) : overview()));
  main.dataset.page = m ? `model:${m.name}` : 'overview';
  document.title = m ? `${m.name} — ${DATA.project} docs` : `${DATA.project} docs`;
  renderList();
}

document.getElementById('search').addEventListener('input', renderList);
window.addEventListener('hashchange', route);
route();
