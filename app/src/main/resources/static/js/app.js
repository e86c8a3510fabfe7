// The EventLens dashboard: one page, its whole state in the URL, every number from the GraphQL API.
import { ApiError, downloadCsv, gql, session, subscribe } from './api.js';
import { el, fmt, funnelBars, heatMap, timeSeries } from './charts.js';

const main = document.getElementById('main');
const toast = document.getElementById('toast');
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const PRESETS = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3, '90d': 90 * 86400e3 };
const AUTO_GRANULARITY = { '15m': 'MINUTE', '1h': 'MINUTE', '24h': 'HOUR', '7d': 'DAY', '30d': 'DAY', '90d': 'WEEK' };
const TILES = [['events', 'Events'], ['uniqueUsers', 'Unique users'], ['sessions', 'Sessions'], ['revenue', 'Revenue'],
  ['eventsLastHour', 'Events, last hour']];
const CURL = `curl -X POST http://${location.host}/v1/events \\
  -H 'Content-Type: application/json' -H 'Authorization: Bearer <your ingest key>' \\
  -d '[{"type":"page_view","userId":"u1","sessionId":"s1","country":"DE","page":"/"}]'`;

let disposers = [];
function onLeave(fn) { disposers.push(fn); }

// ---------- theme, errors, navigation ----------

const theme = localStorage.getItem('eventlens.theme')
  || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
document.documentElement.dataset.theme = theme;
document.getElementById('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('eventlens.theme', next);
  render();
});

/** Shows the API's error as it wrote it (messages, codes and fields). */
function showError(target, e) {
  const text = e instanceof ApiError ? e.describe() : String(e && e.message || e);
  // A key the server does not know (or that lacks the scope) can only be fixed by signing in again.
  const badKey = e instanceof ApiError && e.errors.some((x) => ['UNAUTHENTICATED', 'FORBIDDEN'].includes(x.extensions?.code));
  const again = badKey ? el('button', { type: 'button', onclick: () => { session.signOut(); adminKey = ''; render(); } }, 'Sign in again') : null;
  if (target) target.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, text, ' ', again));
  else { toast.textContent = text; toast.hidden = false; setTimeout(() => { toast.hidden = true; }, 8000); }
}

function state() { return new URLSearchParams(location.search); }
function go(params, replace = false) {
  const url = `?${params.toString()}`;
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  render();
}
window.addEventListener('popstate', render);
document.getElementById('tabs').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-view]');
  if (!link) return;
  event.preventDefault();
  go(new URLSearchParams({ view: link.dataset.view }));
});
document.getElementById('signout').addEventListener('click', () => { session.signOut(); adminKey = ''; go(new URLSearchParams()); });

// ---------- shared controls ----------

/** A labelled control; the label names it exactly (a wrapping label alone would add the selected option's text). */
function field(label, control) {
  if (!control.hasAttribute('aria-label')) control.setAttribute('aria-label', label);
  return el('label', {}, label, control);
}
function select(name, options, value, attrs = {}) {
  return el('select', { name, ...attrs }, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
}
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
}

/** The range of a view's state: a preset ending now, or a custom from/to. */
function range(params) {
  const preset = params.get('range') || '7d';
  if (preset === 'custom' && params.get('from') && params.get('to')) {
    return { from: params.get('from'), to: params.get('to'), preset };
  }
  // The end of the current second: everything sent so far is in, and everyone opening the dashboard within the same
  // second asks the same question, which the server then answers once for all of them.
  const to = new Date(Math.ceil(Date.now() / 1000) * 1000);
  return { from: new Date(to.getTime() - (PRESETS[preset] || PRESETS['7d'])).toISOString(), to: to.toISOString(),
    preset: PRESETS[preset] ? preset : '7d' };
}

/** Range controls; with allTime, "All time" leads the presets and is chosen when the state names no range. */
function rangeControls(params, { allTime = false } = {}) {
  const r = range(params);
  const all = allTime && (params.get('range') || 'all') === 'all';
  const preset = select('range', [...(allTime ? [['all', 'All time (live)']] : []), ['15m', 'Last 15 minutes'],
    ['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days'],
    ['90d', 'Last 90 days'], ['custom', 'Custom range']], all ? 'all' : r.preset);
  const from = el('input', { type: 'datetime-local', name: 'from', value: toLocalInput(r.from) });
  const to = el('input', { type: 'datetime-local', name: 'to', value: toLocalInput(r.to) });
  const custom = el('span', { class: 'row', hidden: r.preset !== 'custom' }, field('From', from), field('To', to));
  preset.addEventListener('change', () => { custom.hidden = preset.value !== 'custom'; });
  return { nodes: [field('Time range', preset), custom], write(p) {
    p.set('range', preset.value);
    if (preset.value === 'custom') {
      if (from.value) p.set('from', new Date(from.value).toISOString());
      if (to.value) p.set('to', new Date(to.value).toISOString());
    } else { p.delete('from'); p.delete('to'); }
    if (preset.value === 'all') p.delete('range');
  } };
}

let catalogCache = null;
async function catalog() {
  if (!catalogCache) {
    catalogCache = (await gql('{ catalog { metrics { name description unit builtIn } dimensions { name description builtIn } } }')).catalog;
  }
  return catalogCache;
}

function emptyState(text) {
  return el('div', { class: 'empty', 'data-testid': 'empty' }, el('p', {}, el('strong', {}, text),
    ' Send one with curl (or POST /v1/events from your app):'), el('pre', {}, CURL),
    el('p', { class: 'muted' }, 'The page updates by itself when it arrives.'));
}

/** "dim:OP:v1,v2" filters of the URL as FilterInput objects. */
function filters(params) {
  return params.getAll('f').map((f) => {
    const [dimension, op, ...rest] = f.split(':');
    return { dimension, op, values: rest.join(':').split(',').filter((v) => v !== '') };
  });
}

function saveControls(params, title) {
  const box = el('div', { class: 'row' });
  const load = async () => {
    let list = [];
    try { list = (await gql('{ dashboards { id name } }')).dashboards; } catch (e) { showError(box, e); return; }
    const target = select('dashboard', [['', 'New dashboard…'], ...list.map((d) => [d.id, d.name])], '');
    const name = el('input', { name: 'dashboardName', placeholder: 'Dashboard name', value: 'My dashboard' });
    const panel = el('input', { name: 'panelTitle', value: title() });
    const save = el('button', { type: 'button', onclick: async () => {
      try {
        const view = new URLSearchParams(params()); view.delete('dashboard');
        let input;
        if (target.value) {
          const d = (await gql('query($id: ID!) { dashboard(id: $id) { id name panels { title view } } }', { id: target.value })).dashboard;
          input = { id: d.id, name: d.name, panels: [...d.panels, { title: panel.value, view: view.toString() }] };
        } else {
          input = { name: name.value, panels: [{ title: panel.value, view: view.toString() }] };
        }
        const saved = (await gql('mutation($input: DashboardInput!) { saveDashboard(input: $input) { id } }', { input })).saveDashboard;
        go(new URLSearchParams({ view: 'dashboards', dashboard: saved.id }));
      } catch (e) { showError(null, e); }
    } }, 'Save to dashboard');
    target.addEventListener('change', () => { name.hidden = !!target.value; });
    box.replaceChildren(field('Dashboard', target), field('New dashboard name', name), field('Panel title', panel), save);
  };
  const open = el('button', { type: 'button', onclick: () => { open.remove(); load(); } }, 'Save to dashboard…');
  box.append(open);
  return box;
}

// ---------- sign-in ----------

function signIn() {
  const key = el('input', { type: 'password', name: 'key', required: true, autocomplete: 'off' });
  main.replaceChildren(el('section', { class: 'card signin' }, el('h2', {}, 'Sign in'),
    el('form', { onsubmit: (e) => { e.preventDefault(); session.signIn(key.value.trim());
      go(state().get('view') ? state() : new URLSearchParams({ view: 'overview' }), true); } },
    field('Project read key', key),
    el('p', { class: 'muted' }, 'Your key decides the project you see. It stays in this browser tab (session storage) ',
      'and is sent with every request; signing out or closing the tab forgets it.'),
    el('button', { type: 'submit', class: 'primary' }, 'Sign in'))));
  key.focus();
}

// ---------- overview ----------

const OVERVIEW_FIELDS = 'events uniqueUsers sessions revenue eventsLastHour approximate';
const OVERVIEW_QUERY = `query($from: DateTime, $to: DateTime, $approximate: Boolean) {
  overview(from: $from, to: $to, approximate: $approximate) { ${OVERVIEW_FIELDS} } }`;
/** Only distinct counts are ever estimated; the other tiles stay exact in an approximate overview. */
const ESTIMATED = new Set(['uniqueUsers', 'sessions']);
const DAY_MS = 86400e3;
/** How often the tiles of a range are asked again (all time is pushed live instead). */
const OVERVIEW_REFRESH_MS = 15e3;

function overview() {
  const params = state();
  const allTime = (params.get('range') || 'all') === 'all';
  const values = Object.fromEntries(TILES.map(([k]) => [k, el('div', { class: 'v', 'data-testid': `tile-${k}` }, '…')]));
  const empty = el('div');
  const error = el('div');
  const lastHour = el('div', { 'data-testid': 'overview-chart' });
  const ranges = rangeControls(params, { allTime: true });
  const form = el('form', { class: 'card', 'aria-label': 'Overview range', onsubmit: (e) => {
    e.preventDefault(); const p = new URLSearchParams({ view: 'overview' }); ranges.write(p); go(p);
  } }, el('div', { class: 'row' }, ranges.nodes, el('button', { type: 'submit', class: 'primary' }, 'Show')));
  const note = el('p', { class: 'muted', 'data-testid': 'overview-note' });
  main.replaceChildren(el('h2', {}, 'Overview ', allTime ? el('span', { class: 'badge' }, 'live') : ''), form, error,
    el('section', { class: 'tiles', 'aria-label': 'Headline numbers' },
      TILES.map(([k, label]) => el('div', { class: 'tile' }, el('h2', {}, label), values[k]))), note, empty,
    el('h3', {}, 'Events in the last hour, by minute'), lastHour);
  const show = (o) => {
    error.replaceChildren();
    for (const [k] of TILES) {
      const estimate = !!o.approximate && ESTIMATED.has(k);
      values[k].textContent = `${estimate ? '≈ ' : ''}${fmt(o[k])}`;
      values[k].dataset.value = o[k];
      values[k].toggleAttribute('data-approximate', estimate);
      if (estimate) values[k].title = 'Estimated from HLL sketches: within 3.3 % for 95 % of values';
      else values[k].removeAttribute('title');
    }
    note.textContent = o.approximate ? '≈ marks estimates: distinct counts merged from sketches, the rest exact.' : '';
    empty.replaceChildren(o.events === 0 ? emptyState(allTime ? 'No events yet.' : 'No events in this range.') : '');
  };
  if (allTime) {
    // All time: estimates allowed, as for any range over a day (exact distinct counts would read every event).
    onLeave(subscribe(`subscription { overviewLive(approximate: true) { ${OVERVIEW_FIELDS} } }`, {},
      ({ overviewLive: o }) => show(o),
      (e) => showError(error, e)));
  } else {
    // A range: the overview query (estimates allowed beyond a day, where exact distinct counts cost the most),
    // asked again now and then; a preset range moves on with the clock.
    const load = async () => {
      try {
        const r = range(params);
        const approximate = Date.parse(r.to) - Date.parse(r.from) > DAY_MS;
        show((await gql(OVERVIEW_QUERY, { from: r.from, to: r.to, approximate })).overview);
      } catch (e) { showError(error, e); }
    };
    load();
    const timer = setInterval(load, OVERVIEW_REFRESH_MS);
    onLeave(() => clearInterval(timer));
  }
  renderReport(lastHour, new URLSearchParams({ m: 'events', range: '1h', g: 'MINUTE', tz: browserZone, live: '1' }),
    { compact: true, totals: false });
}

// ---------- report ----------

function reportInput(params) {
  const r = range(params);
  const dims = params.get('d') ? [params.get('d')] : [];
  const g = params.get('g') || 'auto';
  return {
    metrics: (params.get('m') || 'events').split(',').filter(Boolean), dimensions: dims, filters: filters(params),
    from: r.from, to: r.to, timezone: params.get('tz') || browserZone,
    granularity: g === 'none' ? null : g === 'auto' ? (AUTO_GRANULARITY[r.preset] || 'DAY') : g,
    limit: Number(params.get('top') || 5), preset: r.preset,
  };
}

async function reportView() {
  const params = state();
  let cat;
  try { cat = await catalog(); } catch (e) { showError(main, e); return; }
  const input = reportInput(params);
  const metrics = el('select', { name: 'metrics', multiple: true, size: Math.min(6, cat.metrics.length) },
    cat.metrics.map((m) => el('option', { value: m.name, selected: input.metrics.includes(m.name), title: m.description },
      m.name + (m.builtIn ? '' : ' (custom)'))));
  const dimension = select('dimension', [['', '(none)'], ...cat.dimensions.map((d) => [d.name, d.name + (d.builtIn ? '' : ' (custom)')])],
    params.get('d') || '', { 'aria-describedby': 'dimhint' });
  const dimensionText = el('input', { name: 'dimensionOther', placeholder: 'or properties.<key>', list: 'dims',
    value: params.get('d') && !cat.dimensions.some((d) => d.name === params.get('d')) ? params.get('d') : '' });
  const granularity = select('granularity', [['auto', 'Auto'], ['none', 'None'], ['MINUTE', 'Minute'], ['HOUR', 'Hour'],
    ['DAY', 'Day'], ['WEEK', 'Week'], ['MONTH', 'Month']], params.get('g') || 'auto');
  const tz = el('input', { name: 'timezone', value: params.get('tz') || browserZone, size: 16 });
  const top = el('input', { type: 'number', name: 'top', min: 1, max: 100, value: params.get('top') || 5, size: 4 });
  const compare = el('input', { type: 'checkbox', name: 'compare', checked: params.get('cmp') === '1' });
  const live = el('input', { type: 'checkbox', name: 'live', checked: params.get('live') === '1' });
  const ranges = rangeControls(params);
  const filterRows = el('div', { class: 'filters' });
  const dimNames = cat.dimensions.map((d) => d.name);
  const addFilter = (f = { dimension: dimNames[0], op: 'EQ', values: [] }) => {
    const row = el('div', { class: 'row', 'data-filter': '' });
    row.append(field('Filter dimension', el('input', { name: 'filterDimension', value: f.dimension, list: 'dims' })),
      field('Operator', select('filterOp', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'].map((o) => [o, o]), f.op)),
      field('Values (comma-separated)', el('input', { name: 'filterValues', value: f.values.join(',') })),
      el('button', { type: 'button', 'aria-label': 'Remove filter', onclick: () => row.remove() }, '✕'));
    filterRows.append(row);
  };
  filters(params).forEach(addFilter);
  const write = () => {
    const p = new URLSearchParams({ view: 'report' });
    const chosen = [...metrics.selectedOptions].map((o) => o.value);
    p.set('m', (chosen.length ? chosen : ['events']).join(','));
    const d = dimensionText.value.trim() || dimension.value;
    if (d) p.set('d', d);
    for (const row of filterRows.querySelectorAll('[data-filter]')) {
      const dim = row.querySelector('[name=filterDimension]').value.trim();
      if (dim) p.append('f', `${dim}:${row.querySelector('[name=filterOp]').value}:${row.querySelector('[name=filterValues]').value}`);
    }
    ranges.write(p);
    p.set('g', granularity.value); p.set('tz', tz.value.trim() || browserZone); p.set('top', top.value || '5');
    if (compare.checked) p.set('cmp', '1');
    if (live.checked) p.set('live', '1');
    return p;
  };
  const form = el('form', { class: 'card', 'aria-label': 'Report builder', onsubmit: (e) => { e.preventDefault(); go(write()); } },
    el('datalist', { id: 'dims' }, dimNames.map((n) => el('option', { value: n }))),
    el('div', { class: 'row' }, field('Metrics', metrics), field('Breakdown', dimension), field('Breakdown by property', dimensionText),
      ranges.nodes, field('Granularity', granularity), field('Time zone', tz), field('Top N', top)),
    el('h3', {}, 'Filters'), filterRows,
    el('div', { class: 'row' }, el('button', { type: 'button', onclick: () => addFilter() }, 'Add filter'),
      el('label', { class: 'row' }, el('span', {}, compare, ' Compare with previous period')),
      el('label', { class: 'row' }, el('span', {}, live, ' Live')),
      el('button', { type: 'submit', class: 'primary' }, 'Run report'),
      el('button', { type: 'button', onclick: () => downloadCsv(csvInput(reportInput(write())), 'report.csv').catch((e) => showError(null, e)) }, 'Download CSV'),
      el('button', { type: 'button', onclick: () => { const p = write(); p.set('view', 'alerts'); p.set('new', '1'); go(p); } }, 'Create alert rule…')),
    el('span', { id: 'dimhint', class: 'muted' }, 'Pick a breakdown from the catalog or type properties.<key>.'),
    saveControls(() => write(), () => `${input.metrics.join(', ')}${input.dimensions.length ? ' by ' + input.dimensions[0] : ''}`));
  const panel = el('div');
  main.replaceChildren(el('h2', {}, 'Report'), form, panel);
  renderReport(panel, params, { live: live.checked });
}

/** The report shown, as a ReportInput for the CSV endpoint (without the page's own preset field). */
function csvInput(input) {
  const { preset, ...rest } = input;
  if (!rest.granularity) delete rest.granularity;
  return rest;
}

const REPORT_QUERY = `query($input: ReportInput!) { report(input: $input) {
  columns rows { bucket dimensions values previousValues changePercent others } totals } }`;

/** Chart, totals and breakdown table of a report state; used by the report view and by dashboard panels. */
async function renderReport(target, params, { live = params.get('live') === '1', compact = false, totals: showTotals = true } = {}) {
  const input = reportInput(params);
  const compare = params.get('cmp') === '1';
  const { preset, ...base } = input;
  const totals = el('div', { class: 'tiles' });
  const chartBox = el('div', { class: 'chart', 'data-testid': 'chart' });
  const table = el('div');
  const status = el('div');
  target.replaceChildren(status, showTotals ? totals : '', el('div', { class: 'card' }, chartBox), table);
  let chart = null;
  const draw = (report) => {
    totals.replaceChildren(...input.metrics.map((m, i) => el('div', { class: 'tile' }, el('h2', {}, `${m} total`),
      el('div', { class: 'v', 'data-testid': `total-${m}`, 'data-value': report.totals[i] }, fmt(report.totals[i])))));
    if (!input.granularity) { chartBox.replaceChildren(el('p', { class: 'muted' }, 'Pick a granularity to see a chart.')); return; }
    const buckets = [...new Set(report.rows.map((r) => r.bucket))];
    const xs = buckets.map((b) => Date.parse(b) / 1000);
    const at = new Map(buckets.map((b, i) => [b, i]));
    const series = [];
    const add = (label, dashed, color) => {
      let s = series.find((x) => x.label === label);
      if (!s) { s = { label, values: xs.map(() => 0), dashed, color }; series.push(s); }
      return s;
    };
    const keys = [];
    for (const row of report.rows) {
      const metricsToDraw = input.dimensions.length ? [0] : input.metrics.map((_, i) => i);
      for (const i of metricsToDraw) {
        const name = input.dimensions.length ? (row.dimensions.map((v) => v ?? '(none)').join(' / ')) : input.metrics[i];
        if (!keys.includes(name)) keys.push(name);
        add(name, false, keys.indexOf(name)).values[at.get(row.bucket)] = row.values[i];
        if (compare && row.previousValues) {
          add(`${name} (previous period)`, true, keys.indexOf(name)).values[at.get(row.bucket)] = row.previousValues[i];
        }
      }
    }
    if (!series.length) { chartBox.replaceChildren(el('p', { class: 'muted' }, 'Nothing to chart.')); return; }
    if (chart) chart.update(xs, series); else chart = timeSeries(chartBox, xs, series, input.timezone);
  };
  const seriesInput = { ...base, ...(compare && !live ? { compare: 'PREVIOUS_PERIOD' } : {}) };
  if (!input.granularity) delete seriesInput.granularity;
  try {
    if (live && preset !== 'custom') {
      const { from, to, ...rest } = base;
      status.replaceChildren(el('p', {}, el('span', { class: 'badge', 'data-testid': 'live' }, 'live'),
        ` following the last ${preset}; the chart moves as events arrive.`, compare ? ' (Comparison is not shown live.)' : ''));
      if (!rest.granularity) delete rest.granularity;
      onLeave(subscribe(`subscription($input: LiveReportInput!) { liveReport(input: $input, refreshMs: 500) {
        columns rows { bucket dimensions values } totals } }`, { input: { ...rest, last: preset } },
      ({ liveReport }) => { draw(liveReport); status.querySelector('[data-testid=live]').dataset.updated = Date.now(); },
      (e) => showError(status, e)));
    } else {
      const report = (await gql(REPORT_QUERY, { input: seriesInput })).report;
      draw(report);
      if (report.totals.every((t) => !t)) status.replaceChildren(emptyState('No events in this range.'));
    }
    if (compact && !input.dimensions.length) return;
    // The breakdown: the same report without buckets, top N rows plus the others row.
    const tableInput = { ...base, ...(compare ? { compare: 'PREVIOUS_PERIOD' } : {}) };
    delete tableInput.granularity;
    if (input.dimensions.length) tableInput.includeOthers = true;
    const report = (await gql(REPORT_QUERY, { input: tableInput })).report;
    table.replaceChildren(breakdown(report, input, compare));
  } catch (e) { showError(status, e); }
}

function breakdown(report, input, compare) {
  const dims = input.dimensions;
  return el('div', { class: 'card' }, el('table', { 'data-testid': 'breakdown', 'aria-label': 'Breakdown by dimension' },
    el('thead', {}, el('tr', {}, dims.map((d) => el('th', { scope: 'col' }, d)),
      input.metrics.map((m) => [el('th', { scope: 'col', class: 'n' }, m), compare ? el('th', { scope: 'col', class: 'n' }, `${m} vs previous`) : null]))),
    el('tbody', {}, report.rows.map((row) => el('tr', { class: row.others ? 'others' : '', 'data-row': row.dimensions.join('|') },
      row.dimensions.map((v) => el('th', { scope: 'row' }, v ?? '(none)')),
      row.values.map((v, i) => [el('td', { class: 'n', 'data-metric': input.metrics[i], 'data-value': v }, fmt(v)),
        compare ? el('td', { class: `n ${row.changePercent?.[i] > 0 ? 'up' : row.changePercent?.[i] < 0 ? 'down' : ''}` },
          row.changePercent?.[i] == null ? '—' : `${row.changePercent[i] > 0 ? '+' : ''}${fmt(row.changePercent[i])}%`) : null])))),
    el('tfoot', {}, el('tr', {}, dims.length ? el('th', { scope: 'row', colspan: dims.length }, 'Total') : null,
      report.totals.map((t, i) => [el('td', { class: 'n', 'data-total': input.metrics[i] }, el('strong', {}, fmt(t))), compare ? el('td') : null])))));
}

// ---------- funnel ----------

function funnelInput(params) {
  const r = range(params);
  return { steps: (params.get('steps') || 'page_view,signup,purchase').split(',').map((s) => s.trim()).filter(Boolean)
    .map((type) => ({ type })), window: params.get('win') || 'P1D', from: r.from, to: r.to };
}

async function renderFunnel(target, params) {
  try {
    const result = (await gql(`query($input: FunnelInput!) { funnel(input: $input) {
      steps { step type users conversionFromPrevious conversionFromFirst medianSecondsToConvert } } }`,
    { input: funnelInput(params) })).funnel;
    target.replaceChildren(result.steps[0].users === 0 ? emptyState('Nobody entered this funnel in the range.') : '',
      funnelBars(result.steps));
  } catch (e) { showError(target, e); }
}

function funnelView() {
  const params = state();
  const steps = el('input', { name: 'steps', size: 40, value: params.get('steps') || 'page_view,signup,purchase' });
  const win = select('window', [['PT30M', '30 minutes'], ['PT1H', '1 hour'], ['P1D', '1 day'], ['P7D', '7 days'], ['P30D', '30 days']], params.get('win') || 'P1D');
  const ranges = rangeControls(params);
  const write = () => { const p = new URLSearchParams({ view: 'funnel', steps: steps.value, win: win.value }); ranges.write(p); return p; };
  const out = el('div', { class: 'card' });
  main.replaceChildren(el('h2', {}, 'Funnel'), el('form', { class: 'card', 'aria-label': 'Funnel', onsubmit: (e) => { e.preventDefault(); go(write()); } },
    el('div', { class: 'row' }, field('Steps (event types in order, comma-separated)', steps), field('Conversion window', win), ranges.nodes,
      el('button', { type: 'submit', class: 'primary' }, 'Show funnel')), saveControls(write, () => `Funnel ${steps.value}`)), out);
  renderFunnel(out, params);
}

// ---------- retention ----------

function retentionInput(params) {
  const r = range(params);
  return { startEvent: { type: params.get('start') || 'signup' }, returnEvent: { type: params.get('ret') || 'page_view' },
    granularity: params.get('g') || 'DAY', timezone: params.get('tz') || browserZone, from: r.from, to: r.to,
    periods: Number(params.get('periods') || 7) };
}

async function renderRetention(target, params) {
  try {
    const input = retentionInput(params);
    const result = (await gql(`query($input: RetentionInput!) { retention(input: $input) {
      granularity cohorts { start users periods { period users percentage } } } }`, { input })).retention;
    target.replaceChildren(result.cohorts.every((c) => c.users === 0) ? emptyState('No cohort in this range.') : '',
      heatMap(result, input.timezone));
  } catch (e) { showError(target, e); }
}

function retentionView() {
  const params = state();
  const start = el('input', { name: 'startEvent', value: params.get('start') || 'signup' });
  const ret = el('input', { name: 'returnEvent', value: params.get('ret') || 'page_view' });
  const g = select('granularity', [['DAY', 'Day'], ['WEEK', 'Week'], ['MONTH', 'Month']], params.get('g') || 'DAY');
  const periods = el('input', { type: 'number', name: 'periods', min: 0, max: 60, value: params.get('periods') || 7 });
  const tz = el('input', { name: 'timezone', value: params.get('tz') || browserZone });
  const ranges = rangeControls(params);
  const write = () => { const p = new URLSearchParams({ view: 'retention', start: start.value, ret: ret.value, g: g.value,
    periods: periods.value, tz: tz.value }); ranges.write(p); return p; };
  const out = el('div', { class: 'card' });
  main.replaceChildren(el('h2', {}, 'Retention'), el('form', { class: 'card', 'aria-label': 'Retention', onsubmit: (e) => { e.preventDefault(); go(write()); } },
    el('div', { class: 'row' }, field('Start event', start), field('Return event', ret), field('Cohort size', g), field('Periods', periods),
      field('Time zone', tz), ranges.nodes, el('button', { type: 'submit', class: 'primary' }, 'Show retention')),
    saveControls(write, () => `Retention ${start.value} → ${ret.value}`)), out);
  renderRetention(out, params);
}

// ---------- live events ----------

const EVENT_FIELDS = 'id type timestamp userId sessionId country device browser os page referrer revenue properties';

function eventsView() {
  const list = el('ul', { class: 'stream', 'aria-label': 'Events, newest first', 'data-testid': 'stream' });
  const inspector = el('pre', { class: 'json', 'data-testid': 'inspector', tabindex: 0, 'aria-label': 'Event inspector' }, 'Select an event to inspect it.');
  const error = el('div');
  let paused = false;
  const held = [];
  const count = el('span', { class: 'muted', 'aria-live': 'polite' });
  const pause = el('button', { type: 'button', 'aria-pressed': 'false', onclick: () => {
    paused = !paused; pause.setAttribute('aria-pressed', String(paused)); pause.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) { held.splice(0).forEach(show); count.textContent = ''; }
  } }, 'Pause');
  const show = (event) => {
    const item = el('li', { tabindex: 0, 'data-id': event.id }, `${event.timestamp}  ${event.type}  ${event.userId ?? ''}  ${event.country ?? ''}  ${event.page ?? ''}`);
    const open = () => { inspector.textContent = JSON.stringify(event, null, 2); };
    item.addEventListener('click', open);
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    list.prepend(item);
    while (list.children.length > 200) list.lastChild.remove();
  };
  main.replaceChildren(el('h2', {}, 'Live events'), error, el('div', { class: 'row' }, pause, count),
    el('div', { class: 'split' }, el('div', { class: 'card' }, list), el('div', { class: 'card' }, el('h3', {}, 'Inspector'), inspector)));
  onLeave(subscribe(`subscription { eventStream { dropped event { ${EVENT_FIELDS} } } }`, {}, ({ eventStream }) => {
    if (paused) { held.push(eventStream.event); count.textContent = `${held.length} new while paused`; } else show(eventStream.event);
  }, (e) => showError(error, e)));
  gql(`{ events(first: 50) { edges { node { ${EVENT_FIELDS} } } } }`).then(({ events }) => {
    if (!events.edges.length && !list.children.length) error.replaceChildren(emptyState('No events yet.'));
    const known = new Set([...list.children].map((li) => li.dataset.id));
    // Newest first, after anything that streamed in meanwhile (which is newer).
    events.edges.map((e) => e.node).filter((e) => !known.has(e.id)).forEach((e) => {
      show(e); list.append(list.firstChild);
    });
  }).catch((e) => showError(error, e));
}

// ---------- dashboards ----------

async function dashboardsView() {
  const params = state();
  const id = params.get('dashboard');
  try {
    if (!id) {
      const list = (await gql('{ dashboards { id name updatedAt panels { title } } }')).dashboards;
      main.replaceChildren(el('h2', {}, 'Dashboards'), list.length ? el('ul', { 'data-testid': 'dashboards' }, list.map((d) =>
        el('li', {}, el('a', { href: `?view=dashboards&dashboard=${encodeURIComponent(d.id)}` }, d.name),
          el('span', { class: 'muted' }, ` · ${d.panels.length} panel(s)`))))
        : el('p', { class: 'empty' }, 'No saved dashboards yet. Build a report, funnel or retention view and use “Save to dashboard…”.'));
      main.querySelectorAll('a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); go(new URL(a.href).searchParams); }));
      return;
    }
    const d = (await gql('query($id: ID!) { dashboard(id: $id) { id name panels { title view } } }', { id })).dashboard;
    if (!d) { main.replaceChildren(el('p', { class: 'error', role: 'alert' }, `No dashboard with id ${id}.`)); return; }
    const grid = el('div', { class: 'grid', 'data-testid': 'dashboard-grid' });
    main.replaceChildren(el('h2', { 'data-testid': 'dashboard-name' }, d.name), grid);
    d.panels.forEach((p, i) => {
      const body = el('div');
      const view = new URLSearchParams(p.view);
      const open = el('a', { href: `?${view}` }, 'Open');
      open.addEventListener('click', (e) => { e.preventDefault(); go(view); });
      const remove = el('button', { type: 'button', 'aria-label': `Remove panel ${p.title}`, onclick: async () => {
        try {
          await gql('mutation($input: DashboardInput!) { saveDashboard(input: $input) { id } }', { input: { id: d.id, name: d.name,
            panels: d.panels.filter((_, j) => j !== i).map(({ title, view: v }) => ({ title, view: v })) } });
          render();
        } catch (e) { showError(null, e); }
      } }, '✕');
      grid.append(el('section', { class: 'card', 'data-testid': `panel-${i}`, 'aria-label': p.title },
        el('div', { class: 'row' }, el('h3', { style: 'margin:0' }, p.title), open, remove), body));
      const kind = view.get('view');
      if (kind === 'funnel') renderFunnel(body, view);
      else if (kind === 'retention') renderRetention(body, view);
      else renderReport(body, view, { compact: true });
    });
  } catch (e) { showError(main, e); }
}

// ---------- alerts ----------

const ALERTS_QUERY = `{ alerts { id name metric last breakdown paused for
  condition { above below changePercent anomaly { threshold windows } }
  series { series state since incident value } } }`;

function conditionText(c) {
  if (c.above != null) return `above ${fmt(c.above)}`;
  if (c.below != null) return `below ${fmt(c.below)}`;
  if (c.anomaly) return `more than ${fmt(c.anomaly.threshold)} σ from the mean of the ${c.anomaly.windows} windows before`;
  return `changes by ${c.changePercent > 0 ? '+' : ''}${fmt(c.changePercent)} %`;
}

/**
 * The admin key the rule form was given: in this page's memory only (never in storage, never in the URL), so a reload
 * or another tab forgets it. Reading needs only the signed-in read key; changing rules needs the admin key.
 */
let adminKey = '';

const DEFINE_ALERT = `mutation($input: AlertInput!) { defineAlert(input: $input) { id name } }`;

/** A report's state (its first metric, filters and breakdown) as the start of a rule. */
function ruleFromReport(params) {
  const metric = (params.get('m') || 'events').split(',')[0];
  const breakdown = params.get('d') || '';
  const fs = filters(params);
  const where = fs.map((f) => `${f.dimension} ${f.op} ${f.values.join(',')}`).join(' and ');
  return { name: `${metric}${breakdown ? ' by ' + breakdown : ''}${where ? ' where ' + where : ''}`, metric, breakdown,
    filters: fs };
}

/** The form defining a rule; {@code onDefined} gets the rule the server stored. */
function alertForm(cat, start, onDefined) {
  const key = el('input', { type: 'password', name: 'adminKey', autocomplete: 'off', value: adminKey, 'data-field': 'key' });
  const name = el('input', { name: 'alertName', value: start.name, size: 40, 'data-field': 'input.name' });
  // Only built-in metrics are evaluated; a report's custom metric is offered anyway, for the server to refuse by name.
  const builtIn = cat.metrics.filter((m) => m.builtIn).map((m) => m.name);
  const metric = select('alertMetric', (builtIn.includes(start.metric) ? builtIn : [start.metric, ...builtIn])
    .map((m) => [m, m]), start.metric, { 'data-field': 'input.metric' });
  const breakdown = el('input', { name: 'alertBreakdown', value: start.breakdown, list: 'alert-dims', 'data-field': 'input.breakdown' });
  const maxSeries = el('input', { type: 'number', name: 'maxSeries', value: 10, size: 4, 'data-field': 'input.maxSeries' });
  const last = el('input', { name: 'last', value: '5m', size: 6, 'data-field': 'input.last' });
  const kind = select('conditionKind', [['above', 'Above'], ['below', 'Below'],
    ['changePercent', 'Change against the previous window, %'],
    ['anomaly', 'Anomaly: standard deviations from the windows before']], 'above');
  const windows = el('input', { type: 'number', name: 'anomalyWindows', placeholder: '6', size: 4, 'data-field': 'input.condition.anomaly.windows' });
  const windowsField = field('Windows before', windows);
  windowsField.hidden = true;
  kind.addEventListener('change', () => { windowsField.hidden = kind.value !== 'anomaly'; });
  const threshold = el('input', { type: 'number', step: 'any', name: 'threshold', size: 8, 'data-field': 'input.condition' });
  const hold = el('input', { name: 'for', placeholder: 'at once', size: 6, 'data-field': 'input.for' });
  const resolveAfter = el('input', { name: 'resolveAfter', placeholder: 'at once', size: 6, 'data-field': 'input.resolveAfter' });
  const url = el('input', { type: 'url', name: 'webhookUrl', size: 40, placeholder: 'none', 'data-field': 'input.webhook.url' });
  const secret = el('input', { type: 'password', name: 'webhookSecret', autocomplete: 'off', 'data-field': 'input.webhook.secret' });
  const filterRows = el('div', { class: 'filters' });
  const addFilter = (f = { dimension: 'type', op: 'EQ', values: [] }) => filterRows.append(el('div', { class: 'row', 'data-filter': '' },
    field('Filter dimension', el('input', { name: 'filterDimension', value: f.dimension, list: 'alert-dims', 'data-part': 'dimension' })),
    field('Operator', select('filterOp', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'].map((o) => [o, o]), f.op,
      { 'data-part': 'op' })),
    field('Values (comma-separated)', el('input', { name: 'filterValues', value: f.values.join(','), 'data-part': 'values' })),
    el('button', { type: 'button', 'aria-label': 'Remove filter', onclick: (e) => e.target.closest('[data-filter]').remove() }, '✕')));
  start.filters.forEach((f) => addFilter(f));
  const problem = el('div', { class: 'error', role: 'alert', 'data-testid': 'alert-form-error' });
  const form = el('form', { class: 'card alert-form', 'aria-label': 'New alert rule', onsubmit: (e) => { e.preventDefault(); submit(); } },
    el('h3', {}, 'New alert rule'),
    el('datalist', { id: 'alert-dims' }, cat.dimensions.map((d) => el('option', { value: d.name }))),
    el('div', { class: 'row' }, field('Admin key', key),
      el('span', { class: 'muted' }, 'Changing rules needs the project\'s admin key. It is kept in this page\'s memory only: a reload forgets it.')),
    el('div', { class: 'row' }, field('Rule name', name), field('Metric', metric), field('Breakdown', breakdown), field('Max series', maxSeries)),
    filterRows,
    el('div', { class: 'row' }, el('button', { type: 'button', onclick: () => addFilter() }, 'Add filter')),
    el('div', { class: 'row' }, field('Window', last), field('Condition', kind), field('Threshold', threshold), windowsField,
      field('For', hold), field('Resolve after', resolveAfter)),
    el('div', { class: 'row' }, field('Webhook URL', url), field('Webhook secret', secret)),
    problem,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Create rule')));

  const controls = () => [...form.querySelectorAll('[data-field]')];
  /** The control an error's field names: the same path, or the nearest one above or below it. */
  const controlOf = (path) => controls().find((c) => c.dataset.field === path)
    || controls().find((c) => path.startsWith(c.dataset.field + '.') || path.startsWith(c.dataset.field + '['))
    || controls().find((c) => c.dataset.field.startsWith(path));
  const refused = (e) => {
    controls().forEach((c) => c.removeAttribute('aria-invalid'));
    if (!(e instanceof ApiError)) { problem.textContent = String(e && e.message || e); return; }
    let first = null;
    problem.replaceChildren(...e.errors.map((x) => {
      const code = x.extensions?.code;
      const path = x.extensions?.field;
      let target = null;
      let text;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
        // A refused key is forgotten at once: it is of no use, and the next try must be typed again.
        adminKey = '';
        key.value = '';
        target = key;
        text = code === 'UNAUTHENTICATED'
          ? `The admin key was not accepted [${code}]: ${x.message}`
          : `This key may not change alert rules [${code}]: enter the project's admin key, not a read or ingest key. ${x.message}`;
      } else {
        target = path ? controlOf(path) : null;
        const label = target ? target.getAttribute('aria-label') : null;
        text = `${label ? `${label} (${path})` : path || 'The rule'}: [${code || 'ERROR'}] ${x.message}`;
      }
      if (target) { target.setAttribute('aria-invalid', 'true'); first = first || target; }
      return el('div', { 'data-code': code || '', 'data-field': path || '' }, text);
    }));
    if (first) first.focus();
  };
  const submit = async () => {
    problem.replaceChildren();
    // Filters are named by their place in the input, as the API names them in its refusals.
    filterRows.querySelectorAll('[data-filter]').forEach((row, i) => row.querySelectorAll('[data-part]').forEach((c) => {
      c.dataset.field = `input.filters[${i}].${c.dataset.part}`;
    }));
    const input = { name: name.value.trim(), metric: metric.value, last: last.value.trim(),
      condition: kind.value === 'anomaly'
        ? { anomaly: { ...(threshold.value === '' ? {} : { threshold: Number(threshold.value) }),
          ...(windows.value === '' ? {} : { windows: Number(windows.value) }) } }
        : threshold.value === '' ? {} : { [kind.value]: Number(threshold.value) },
      filters: [...filterRows.querySelectorAll('[data-filter]')].map((row) => ({
        dimension: row.querySelector('[name=filterDimension]').value.trim(), op: row.querySelector('[name=filterOp]').value,
        values: row.querySelector('[name=filterValues]').value.split(',').map((v) => v.trim()).filter((v) => v !== '') })) };
    if (breakdown.value.trim()) { input.breakdown = breakdown.value.trim(); input.maxSeries = Number(maxSeries.value); }
    if (hold.value.trim()) input.for = hold.value.trim();
    if (resolveAfter.value.trim()) input.resolveAfter = resolveAfter.value.trim();
    if (url.value.trim()) input.webhook = { url: url.value.trim(), secret: secret.value };
    try {
      // Without an admin key the signed-in key is sent: a server without API keys takes it, any other says FORBIDDEN.
      const typed = key.value.trim();
      const alert = (await gql(DEFINE_ALERT, { input }, { key: typed || undefined })).defineAlert;
      adminKey = typed;
      onDefined(alert);
    } catch (e) { refused(e); }
  };
  return form;
}

async function alertsView() {
  const params = state();
  const feed = el('ol', { 'data-testid': 'alert-events', class: 'muted' });
  const table = el('div');
  const formBox = el('div');
  const created = el('p', { role: 'status', 'data-testid': 'alert-created' });
  const showForm = async (start) => {
    try {
      formBox.replaceChildren(alertForm(await catalog(), start, (alert) => {
        formBox.replaceChildren();
        created.textContent = `Rule “${alert.name}” created; it is evaluated within seconds.`;
        created.dataset.id = alert.id;
        load();
      }));
      created.textContent = '';
    } catch (e) { showError(formBox, e); }
  };
  const create = el('button', { type: 'button', onclick: () => showForm({ name: '', metric: 'events', breakdown: '', filters: [] }) },
    'New alert rule…');
  main.replaceChildren(el('h2', {}, 'Alerts'), el('div', { class: 'row' }, create,
    el('span', { class: 'muted' }, 'or open a report and use “Create alert rule…” to start from its metric and filters.')),
  formBox, created, table, el('h3', {}, 'Alert events as they happen'), feed);
  const load = async () => {
    try {
      const { alerts } = await gql(ALERTS_QUERY);
      table.replaceChildren(alerts.length ? el('table', { 'data-testid': 'alerts' },
        el('thead', {}, el('tr', {}, ['Rule', 'Metric', 'Condition', 'Window', 'For', 'State'].map((h) => el('th', {}, h)))),
        el('tbody', {}, alerts.map((a) => {
          const firing = a.series.filter((s) => s.state === 'FIRING' || s.state === 'RESOLVING');
          const state = a.paused ? 'paused' : firing.length
            ? `FIRING: ${firing.map((s) => (s.series || a.metric) + ' = ' + fmt(s.value)).join(', ')}`
            : a.series.some((s) => s.state === 'PENDING') ? 'PENDING' : 'OK';
          return el('tr', { 'data-alert': a.id },
            el('td', {}, a.name), el('td', {}, a.metric + (a.breakdown ? ` by ${a.breakdown}` : '')),
            el('td', {}, conditionText(a.condition)), el('td', {}, a.last), el('td', {}, a.for),
            el('td', { 'data-testid': 'alert-state' }, state));
        })))
        : el('p', { class: 'empty' }, 'No alert rules yet. Create one above (with the project\'s admin key), or with the defineAlert mutation (docs/alerts.md).'));
    } catch (e) { showError(table, e); }
  };
  if (params.get('new') === '1') showForm(ruleFromReport(params));
  await load();
  onLeave(subscribe('subscription { alertEvents { id kind alertName series value at } }', {}, ({ alertEvents: e }) => {
    feed.prepend(el('li', {}, `${e.at} ${e.kind} ${e.alertName}${e.series != null ? ` [${e.series}]` : ''} = ${fmt(e.value)}`));
    load();
  }, (e) => showError(feed, e)));
}

// ---------- routing ----------

const VIEWS = { overview, report: reportView, funnel: funnelView, retention: retentionView, events: eventsView, dashboards: dashboardsView, alerts: alertsView };

function render() {
  disposers.splice(0).forEach((fn) => { try { fn(); } catch { /* already closed */ } });
  const signedIn = !!session.key;
  document.getElementById('tabs').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
  if (!signedIn) { signIn(); return; }
  const params = state();
  const view = params.get('dashboard') ? 'dashboards' : (VIEWS[params.get('view')] ? params.get('view') : 'overview');
  document.querySelectorAll('#tabs a').forEach((a) => a.toggleAttribute('aria-current', a.dataset.view === view));
  document.querySelectorAll('#tabs a[aria-current]').forEach((a) => a.setAttribute('aria-current', 'page'));
  VIEWS[view]();
}

render();
