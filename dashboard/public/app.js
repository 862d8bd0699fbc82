// The dashboard page: reads the filters, fetches every panel the server lists at /api/panels
// (dashboard/server/panels.ts), draws them with ECharts, and refetches whenever /api/events says the
// data changed. No build step: a plain ES module.
import { formatAge, formatCount, formatDelay, formatMoney, formatMoneyShort } from './format.js';

const $ = (selector) => document.querySelector(selector);
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const DAY_MS = 86_400_000;
const PALETTE = { primary: '#2563eb', primarySoft: 'rgba(37, 99, 235, 0.14)', grid: '#e5e7eb', text: '#475569' };

const state = {
  /** True until the user picks dates: then the range follows the newest data day as it moves. */
  autoRange: true,
  /** Ignores answers to requests that a newer refresh has superseded. */
  refreshSeq: 0,
  refreshing: null,
  refreshAgain: false,
  freshness: null,
  freshnessFetchedAt: 0,
  retryTimer: undefined,
  retryDelayMs: undefined,
};

const charts = {
  salesByStore: echarts.init($('#chart-sales-by-store'), null, { renderer: 'canvas' }),
  hourly: echarts.init($('#chart-hourly'), null, { renderer: 'canvas' }),
};
window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

function filters() {
  return { from: $('#from').value, to: $('#to').value, store: $('#store').value };
}

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `${path} answered ${res.status}`);
  return body;
}

function addDays(day, days) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function setRange(to) {
  $('#to').value = to;
  $('#from').value = addDays(to, -6);
}

/** From the URL (a shared link) if present, else the last 7 days ending at the newest data day. */
async function initialFilters() {
  const url = new URLSearchParams(location.search);
  await refreshFreshness();
  if (url.get('from') && url.get('to')) {
    $('#from').value = url.get('from');
    $('#to').value = url.get('to');
    state.autoRange = false;
  } else {
    setRange(state.freshness?.newestDay ?? new Date().toISOString().slice(0, 10));
  }
  if (url.get('store')) ensureStoreOption(url.get('store'), url.get('store')).selected = true;
}

function ensureStoreOption(id, label) {
  const select = $('#store');
  let option = [...select.options].find((o) => o.value === id);
  if (!option) {
    option = new Option(label, id);
    select.add(option);
  }
  return option;
}

function rememberFilters() {
  const f = filters();
  const params = new URLSearchParams();
  if (!state.autoRange) {
    params.set('from', f.from);
    params.set('to', f.to);
  }
  if (f.store) params.set('store', f.store);
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function validRange() {
  const { from, to } = filters();
  if (!from || !to) return 'Pick both dates.';
  if (from > to) return 'The start date is after the end date.';
  return null;
}

/** Refetches everything; concurrent calls collapse into one extra round. */
function refresh() {
  if (state.refreshing) {
    state.refreshAgain = true;
    return state.refreshing;
  }
  state.refreshing = (async () => {
    do {
      state.refreshAgain = false;
      await refreshOnce();
    } while (state.refreshAgain);
    state.refreshing = null;
  })();
  return state.refreshing;
}

/** The panels' own renderers, by panel id; a panel with `page.table` is drawn by renderTablePanel. */
const RENDERERS = {
  kpis: (body) => renderKpis(body),
  'sales-by-store': (body) => renderSalesByStore(body.rows),
  'top-skus': (body) => renderTopSkus(body.rows),
  hourly: (body) => renderHourly(body.rows),
  stores: (body) => renderStores(body.stores),
  'freshness-state': (body) => renderFreshnessState(body.verdicts),
};
/** Freshness anchors the date range, so it is fetched first, by refreshFreshness. */
const FETCHED_FIRST = 'freshness';
let panels = [];

function panelUrl(panel, extra = {}) {
  const f = filters();
  const params = new URLSearchParams();
  if (panel.filters !== 'none') {
    params.set('from', f.from);
    params.set('to', f.to);
  }
  if (panel.filters === 'range-and-store' && f.store) params.set('store', f.store);
  for (const [k, v] of Object.entries({ ...panel.params, ...extra })) params.set(k, String(v));
  return `${panel.path}?${params}`;
}

/** A table card for a registry panel with `page.table`: built once, after the page's own sections. */
function addTablePanel(panel) {
  const section = document.createElement('section');
  section.className = 'card panel';
  section.dataset.testid = `panel-${panel.id}`;
  section.innerHTML = `<header><h2></h2><a class="csv" data-testid="csv-${panel.id}" href="#" download>Download CSV</a></header>
    <div class="table-wrap"><table data-testid="${panel.id}-table"><thead><tr></tr></thead><tbody></tbody></table></div>
    <p class="empty" hidden>No rows in this range.</p>`;
  section.querySelector('h2').textContent = panel.title;
  const head = section.querySelector('thead tr');
  for (const c of panel.page.table) {
    const th = document.createElement('th');
    th.textContent = c.label;
    if (c.format === 'money' || c.format === 'count') th.className = 'num';
    head.append(th);
  }
  $('main.grid').append(section);
}

function renderTablePanel(panel, body) {
  const rows = body[panel.page.rowsKey ?? 'rows'] ?? [];
  setEmpty(`panel-${panel.id}`, rows.length === 0);
  const tbody = byTestId(`${panel.id}-table`).querySelector('tbody');
  tbody.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      for (const c of panel.page.table) {
        const td = document.createElement('td');
        const v = r[c.key];
        td.textContent = v == null ? '—' : c.format === 'money' ? formatMoney(v) : c.format === 'count' ? formatCount(v) : String(v);
        if (c.format === 'money' || c.format === 'count') td.className = 'num';
        tr.append(td);
      }
      return tr;
    }),
  );
}

async function loadPanels() {
  panels = await getJson('/api/panels');
  for (const panel of panels) if (panel.page !== 'custom') addTablePanel(panel);
}

async function refreshOnce() {
  const seq = ++state.refreshSeq;
  const problem = validRange();
  if (problem) return showError(problem);
  await refreshFreshness();
  if (state.autoRange && state.freshness?.newestDay && state.freshness.newestDay > $('#to').value) setRange(state.freshness.newestDay);
  updateCsvLinks();
  rememberFilters();
  const shown = panels.filter((p) => p.id !== FETCHED_FIRST);
  const results = await Promise.allSettled(shown.map((p) => getJson(panelUrl(p))));
  if (seq !== state.refreshSeq) return;
  shown.forEach((panel, i) => {
    const r = results[i];
    if (r.status !== 'fulfilled') return;
    if (panel.page === 'custom') RENDERERS[panel.id]?.(r.value);
    else renderTablePanel(panel, r.value);
  });
  renderSource(results.filter((r) => r.status === 'fulfilled').map((r) => r.value.source));
  const failed = results.find((r) => r.status === 'rejected');
  showError(failed ? `Some panels could not be refreshed; retrying. ${failed.reason.message}` : null);
  scheduleRetry(Boolean(failed));
  byTestId('updated-at').textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
  document.body.dataset.loaded = String(seq);
}

async function refreshFreshness() {
  try {
    state.freshness = await getJson('/api/freshness');
    state.freshnessFetchedAt = performance.now();
    renderFreshness();
  } catch (e) {
    showError(e.message);
  }
}

/** The models' declared thresholds (npm run freshness): the worst state, naming what is late. */
function renderFreshnessState(verdicts) {
  const el = byTestId('freshness-state');
  const worst = ['error', 'warn', 'ok'].find((s) => verdicts.some((v) => v.state === s)) ?? 'none';
  const late = verdicts.filter((v) => v.state !== 'ok').map((v) => `${v.group ?? v.model} ${v.state}`);
  el.dataset.state = worst;
  el.textContent = worst === 'none' ? 'Thresholds: none declared' : `Thresholds: ${worst}${late.length > 0 ? ` (${late.join(', ')})` : ''}`;
}

/**
 * A failed panel (Athena throttling, a file swapped mid-read) is fetched again by itself, backing
 * off from 2 s to 30 s, rather than staying wrong until the next data change.
 */
function scheduleRetry(failed) {
  clearTimeout(state.retryTimer);
  state.retryDelayMs = failed ? Math.min((state.retryDelayMs ?? 1000) * 2, 30_000) : undefined;
  if (failed) state.retryTimer = setTimeout(() => refresh(), state.retryDelayMs);
}

/** The read path that answered the range's panels (each JSON answer's `source`). */
function renderSource(sources) {
  const known = [...new Set(sources.filter(Boolean))].sort();
  const el = byTestId('data-source');
  el.dataset.source = known.join('+');
  el.textContent = known.length === 0 ? '' : `Source: ${known.map((s) => (s === 'aggregates' ? 'aggregates' : 'engine scan')).join(' + ')}`;
}

function showError(message) {
  const banner = $('#error');
  banner.hidden = !message;
  banner.textContent = message ?? '';
}

function updateCsvLinks() {
  for (const panel of panels) {
    const link = panel.id === FETCHED_FIRST ? null : byTestId(`csv-${panel.id}`);
    if (link) link.href = panelUrl(panel, { format: 'csv' });
  }
  const f = filters();
  const storeLabel = f.store ? $('#store').selectedOptions[0]?.textContent : 'All stores';
  byTestId('range-label').textContent = `Overview · ${f.from} to ${f.to} · ${storeLabel}`;
}

function renderKpis(k) {
  byTestId('kpi-revenue').textContent = formatMoney(k.revenue);
  byTestId('kpi-transactions').textContent = formatCount(k.transactions);
  byTestId('kpi-basket').textContent = formatMoney(k.averageBasket);
  byTestId('kpi-items').textContent = formatCount(k.items);
}

function renderFreshness() {
  const f = state.freshness;
  if (!f) return;
  byTestId('freshness-newest').textContent = f.newestTransaction ?? 'no data yet';
  const delay = byTestId('ingest-delay');
  if (f.ingest) {
    delay.innerHTML = 'Ingest delay p50 <b data-testid="ingest-p50"></b> · p95 <b data-testid="ingest-p95"></b>';
    byTestId('ingest-p50').textContent = formatDelay(f.ingest.p50Ms);
    byTestId('ingest-p95').textContent = formatDelay(f.ingest.p95Ms);
    delay.title = `over ${formatCount(f.ingest.count)} transactions, reported ${f.ingest.updatedAt}`;
  } else {
    // Athena, or no local ingest runtime running: there is no delay to show, and no reason to guess one.
    delay.textContent = 'Ingest delay: not reported';
  }
  tickAge();
}

/** The age counts up between fetches; the server's clock, not the browser's, is the reference. */
function tickAge() {
  const f = state.freshness;
  const el = byTestId('freshness-age');
  if (!f || f.ageSeconds === null) {
    el.textContent = '—';
    return;
  }
  const age = f.ageSeconds + (performance.now() - state.freshnessFetchedAt) / 1000;
  el.textContent = formatAge(age);
  el.closest('.card').dataset.stale = String(age > 300);
}

function setEmpty(panelId, empty) {
  const panel = byTestId(panelId);
  panel.querySelector('.empty').hidden = !empty;
  panel.classList.toggle('is-empty', empty);
}

function renderSalesByStore(rows) {
  setEmpty('panel-sales-by-store', rows.length === 0);
  const el = byTestId('chart-sales-by-store');
  el.dataset.rows = JSON.stringify(rows);
  el.setAttribute('aria-label', rows.map((r) => `${r.store_name ?? r.store_id}: ${formatMoney(r.revenue)}`).join(', ') || 'no sales');
  charts.salesByStore.setOption(
    {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items) => {
          const r = rows[items[0].dataIndex];
          return `<b>${escapeHtml(r.store_name ?? r.store_id)}</b> (${escapeHtml(r.store_id)})<br>Revenue ${formatMoney(r.revenue)}<br>${formatCount(r.transactions)} transactions · ${formatCount(r.items)} items`;
        },
      },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.store_name ?? r.store_id),
        axisTick: { show: false },
        axisLabel: { color: PALETTE.text, interval: 0, hideOverlap: true },
        axisLine: { lineStyle: { color: PALETTE.grid } },
      },
      yAxis: { type: 'value', axisLabel: { color: PALETTE.text, formatter: formatMoneyShort }, splitLine: { lineStyle: { color: PALETTE.grid } } },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => Number(r.revenue)),
          barMaxWidth: 56,
          itemStyle: { color: PALETTE.primary, borderRadius: [4, 4, 0, 0] },
          label: { show: rows.length <= 12, position: 'top', color: PALETTE.text, fontSize: 11, formatter: (p) => formatMoney(rows[p.dataIndex].revenue) },
        },
      ],
    },
    { notMerge: true },
  );
}

function renderTopSkus(rows) {
  setEmpty('panel-top-skus', rows.length === 0);
  const body = byTestId('top-skus-table').querySelector('tbody');
  body.replaceChildren(
    ...rows.map((r, i) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'top-sku-row';
      tr.innerHTML = `<td class="rank">${i + 1}</td><td><span class="product"></span><span class="sku"></span></td><td class="num units"></td><td class="num revenue"></td>`;
      tr.querySelector('.product').textContent = r.product_name ?? '(unknown product)';
      tr.querySelector('.sku').textContent = r.sku_id;
      tr.querySelector('.units').textContent = formatCount(r.units);
      tr.querySelector('.revenue').textContent = formatMoney(r.revenue);
      return tr;
    }),
  );
}

/** Hours without sales are absent from the view; drawn as zero so the line does not bridge the night. */
function fillHours(rows) {
  if (rows.length === 0) return [];
  const byHour = new Map(rows.map((r) => [Date.parse(`${r.hour.replace(' ', 'T')}Z`), r]));
  const start = Date.parse(`${filters().from}T00:00:00Z`);
  const end = Math.max(...byHour.keys());
  const points = [];
  for (let t = Math.min(start, end); t <= end; t += 3_600_000) points.push([t, byHour.has(t) ? Number(byHour.get(t).revenue) : 0, byHour.get(t)]);
  return points;
}

function renderHourly(rows) {
  setEmpty('panel-hourly', rows.length === 0);
  const el = byTestId('chart-hourly');
  el.dataset.rows = JSON.stringify(rows);
  const total = rows.reduce((a, r) => a + Number(r.revenue), 0);
  el.setAttribute('aria-label', `${rows.length} hours with sales, about ${formatMoneyShort(total)} in total`);
  const points = fillHours(rows);
  charts.hourly.setOption(
    {
      useUTC: true,
      animationDuration: 300,
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (items) => {
          const [t, , row] = items[0].data;
          const when = new Date(t).toISOString().slice(0, 16).replace('T', ' ');
          return row ? `<b>${when}</b><br>Revenue ${formatMoney(row.revenue)}<br>${formatCount(row.transactions)} transactions` : `<b>${when}</b><br>No sales`;
        },
      },
      xAxis: {
        type: 'time',
        axisLabel: { color: PALETTE.text, hideOverlap: true },
        axisLine: { lineStyle: { color: PALETTE.grid } },
        splitLine: { show: false },
      },
      yAxis: { type: 'value', axisLabel: { color: PALETTE.text, formatter: formatMoneyShort }, splitLine: { lineStyle: { color: PALETTE.grid } } },
      series: [
        {
          type: 'line',
          data: points,
          showSymbol: points.length <= 24 * 8,
          // Dots mark the hours that had sales; the zero hours in between are just line.
          symbolSize: (value) => (value[1] > 0 ? 6 : 0),
          lineStyle: { color: PALETTE.primary, width: 2 },
          itemStyle: { color: PALETTE.primary },
          areaStyle: { color: PALETTE.primarySoft },
        },
      ],
    },
    { notMerge: true },
  );
}

function renderStores(stores) {
  const select = $('#store');
  const selected = select.value;
  const options = [new Option('All stores', '')];
  for (const s of stores) options.push(new Option(s.store_name ? `${s.store_name} (${s.store_id})` : s.store_id, s.store_id));
  // A chosen store with no sales in the new range stays chosen (its panels then show "no sales").
  if (selected && !stores.some((s) => s.store_id === selected)) options.push(new Option(selected, selected));
  select.replaceChildren(...options);
  select.value = selected;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function setLive(stateName, text) {
  const el = byTestId('live-status');
  el.dataset.state = stateName;
  el.querySelector('.live-text').textContent = text;
}

/** One stream per page; the server polls the lake once for all pages and says when something changed. */
function subscribe() {
  const events = new EventSource('/api/events');
  events.addEventListener('ready', () => {
    setLive('live', 'Live');
    // Anything that landed between our first load and the server's baseline would otherwise be missed.
    refresh();
  });
  events.addEventListener('changed', () => refresh());
  events.addEventListener('error', () => setLive('offline', 'Reconnecting…'));
}

for (const id of ['#from', '#to']) {
  $(id).addEventListener('change', () => {
    state.autoRange = false;
    refresh();
  });
}
$('#store').addEventListener('change', () => refresh());
$('#reset').addEventListener('click', () => {
  state.autoRange = true;
  setRange(state.freshness?.newestDay ?? new Date().toISOString().slice(0, 10));
  refresh();
});
setInterval(tickAge, 1000);

await loadPanels();
await initialFilters();
subscribe();
await refresh();
