// Report: the builder form, and the chart, totals and breakdown of a report state (dashboards draw panels with it).
import { downloadCsv, gql, subscribe } from '../api.js';
import { el, fmt, timeSeries } from '../charts.js';
import { catalog } from '../catalog.js';
import { browserZone, field, filters, range, rangeControls, select } from '../controls.js';
import { emptyState, showError } from '../messages.js';
import { go, main, onLeave, state } from '../router.js';
import { saveControls } from '../save-controls.js';

const AUTO_GRANULARITY = { '15m': 'MINUTE', '1h': 'MINUTE', '24h': 'HOUR', '7d': 'DAY', '30d': 'DAY', '90d': 'WEEK' };

function reportInput(params) {
  const r = range(params);
  const dims = params.get('d') ? [params.get('d')] : [];
  const g = params.get('g') || 'auto';
  return {
    metrics: (params.get('m') || 'events').split(',').filter(Boolean),
    dimensions: dims,
    filters: filters(params),
    from: r.from,
    to: r.to,
    timezone: params.get('tz') || browserZone,
    granularity: g === 'none' ? null : g === 'auto' ? AUTO_GRANULARITY[r.preset] || 'DAY' : g,
    limit: Number(params.get('top') || 5),
    preset: r.preset,
  };
}

export async function reportView() {
  const params = state();
  let cat;
  try {
    cat = await catalog();
  } catch (e) {
    showError(main, e);
    return;
  }
  const input = reportInput(params);
  const metrics = el(
    'select',
    { name: 'metrics', multiple: true, size: Math.min(6, cat.metrics.length) },
    cat.metrics.map((m) =>
      el(
        'option',
        { value: m.name, selected: input.metrics.includes(m.name), title: m.description },
        m.name + (m.builtIn ? '' : ' (custom)'),
      ),
    ),
  );
  const dimension = select(
    'dimension',
    [['', '(none)'], ...cat.dimensions.map((d) => [d.name, d.name + (d.builtIn ? '' : ' (custom)')])],
    params.get('d') || '',
    { 'aria-describedby': 'dimhint' },
  );
  const dimensionText = el('input', {
    name: 'dimensionOther',
    placeholder: 'or properties.<key>',
    list: 'dims',
    value: params.get('d') && !cat.dimensions.some((d) => d.name === params.get('d')) ? params.get('d') : '',
  });
  const granularity = select(
    'granularity',
    [
      ['auto', 'Auto'],
      ['none', 'None'],
      ['MINUTE', 'Minute'],
      ['HOUR', 'Hour'],
      ['DAY', 'Day'],
      ['WEEK', 'Week'],
      ['MONTH', 'Month'],
    ],
    params.get('g') || 'auto',
  );
  const tz = el('input', { name: 'timezone', value: params.get('tz') || browserZone, size: 16 });
  const top = el('input', { type: 'number', name: 'top', min: 1, max: 100, value: params.get('top') || 5, size: 4 });
  const compare = el('input', { type: 'checkbox', name: 'compare', checked: params.get('cmp') === '1' });
  const live = el('input', { type: 'checkbox', name: 'live', checked: params.get('live') === '1' });
  const ranges = rangeControls(params);
  const filterRows = el('div', { class: 'filters' });
  const dimNames = cat.dimensions.map((d) => d.name);
  const addFilter = (f = { dimension: dimNames[0], op: 'EQ', values: [] }) => {
    const row = el('div', { class: 'row', 'data-filter': '' });
    row.append(
      field('Filter dimension', el('input', { name: 'filterDimension', value: f.dimension, list: 'dims' })),
      field(
        'Operator',
        select(
          'filterOp',
          ['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'].map((o) => [o, o]),
          f.op,
        ),
      ),
      field('Values (comma-separated)', el('input', { name: 'filterValues', value: f.values.join(',') })),
      el('button', { type: 'button', 'aria-label': 'Remove filter', onclick: () => row.remove() }, '✕'),
    );
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
      if (dim)
        p.append(
          'f',
          `${dim}:${row.querySelector('[name=filterOp]').value}:${row.querySelector('[name=filterValues]').value}`,
        );
    }
    ranges.write(p);
    p.set('g', granularity.value);
    p.set('tz', tz.value.trim() || browserZone);
    p.set('top', top.value || '5');
    if (compare.checked) p.set('cmp', '1');
    if (live.checked) p.set('live', '1');
    return p;
  };
  const form = el(
    'form',
    {
      class: 'card',
      'aria-label': 'Report builder',
      onsubmit: (e) => {
        e.preventDefault();
        go(write());
      },
    },
    el(
      'datalist',
      { id: 'dims' },
      dimNames.map((n) => el('option', { value: n })),
    ),
    el(
      'div',
      { class: 'row' },
      field('Metrics', metrics),
      field('Breakdown', dimension),
      field('Breakdown by property', dimensionText),
      ranges.nodes,
      field('Granularity', granularity),
      field('Time zone', tz),
      field('Top N', top),
    ),
    el('h3', {}, 'Filters'),
    filterRows,
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', onclick: () => addFilter() }, 'Add filter'),
      el('label', { class: 'row' }, el('span', {}, compare, ' Compare with previous period')),
      el('label', { class: 'row' }, el('span', {}, live, ' Live')),
      el('button', { type: 'submit', class: 'primary' }, 'Run report'),
      el(
        'button',
        {
          type: 'button',
          onclick: () => downloadCsv(csvInput(reportInput(write())), 'report.csv').catch((e) => showError(null, e)),
        },
        'Download CSV',
      ),
      el(
        'button',
        {
          type: 'button',
          onclick: () => {
            const p = write();
            p.set('view', 'alerts');
            p.set('new', '1');
            go(p);
          },
        },
        'Create alert rule…',
      ),
    ),
    el('span', { id: 'dimhint', class: 'muted' }, 'Pick a breakdown from the catalog or type properties.<key>.'),
    saveControls(
      () => write(),
      () => `${input.metrics.join(', ')}${input.dimensions.length ? ' by ' + input.dimensions[0] : ''}`,
    ),
  );
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
export async function renderReport(
  target,
  params,
  { live = params.get('live') === '1', compact = false, totals: showTotals = true } = {},
) {
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
    totals.replaceChildren(
      ...input.metrics.map((m, i) =>
        el(
          'div',
          { class: 'tile' },
          el('h2', {}, `${m} total`),
          el('div', { class: 'v', 'data-testid': `total-${m}`, 'data-value': report.totals[i] }, fmt(report.totals[i])),
        ),
      ),
    );
    if (!input.granularity) {
      chartBox.replaceChildren(el('p', { class: 'muted' }, 'Pick a granularity to see a chart.'));
      return;
    }
    const buckets = [...new Set(report.rows.map((r) => r.bucket))];
    const xs = buckets.map((b) => Date.parse(b) / 1000);
    const at = new Map(buckets.map((b, i) => [b, i]));
    const series = [];
    const add = (label, dashed, color) => {
      let s = series.find((x) => x.label === label);
      if (!s) {
        s = { label, values: xs.map(() => 0), dashed, color };
        series.push(s);
      }
      return s;
    };
    const keys = [];
    for (const row of report.rows) {
      const metricsToDraw = input.dimensions.length ? [0] : input.metrics.map((_, i) => i);
      for (const i of metricsToDraw) {
        const name = input.dimensions.length ? row.dimensions.map((v) => v ?? '(none)').join(' / ') : input.metrics[i];
        if (!keys.includes(name)) keys.push(name);
        add(name, false, keys.indexOf(name)).values[at.get(row.bucket)] = row.values[i];
        if (compare && row.previousValues) {
          add(`${name} (previous period)`, true, keys.indexOf(name)).values[at.get(row.bucket)] = row.previousValues[i];
        }
      }
    }
    if (!series.length) {
      chartBox.replaceChildren(el('p', { class: 'muted' }, 'Nothing to chart.'));
      return;
    }
    if (chart) chart.update(xs, series);
    else chart = timeSeries(chartBox, xs, series, input.timezone);
  };
  const seriesInput = { ...base, ...(compare && !live ? { compare: 'PREVIOUS_PERIOD' } : {}) };
  if (!input.granularity) delete seriesInput.granularity;
  try {
    if (live && preset !== 'custom') {
      const { from, to, ...rest } = base;
      status.replaceChildren(
        el(
          'p',
          {},
          el('span', { class: 'badge', 'data-testid': 'live' }, 'live'),
          ` following the last ${preset}; the chart moves as events arrive.`,
          compare ? ' (Comparison is not shown live.)' : '',
        ),
      );
      if (!rest.granularity) delete rest.granularity;
      onLeave(
        subscribe(
          `subscription($input: LiveReportInput!) { liveReport(input: $input, refreshMs: 500) {
        columns rows { bucket dimensions values } totals } }`,
          { input: { ...rest, last: preset } },
          ({ liveReport }) => {
            draw(liveReport);
            status.querySelector('[data-testid=live]').dataset.updated = Date.now();
          },
          (e) => showError(status, e),
        ),
      );
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
  } catch (e) {
    showError(status, e);
  }
}

function breakdown(report, input, compare) {
  const dims = input.dimensions;
  return el(
    'div',
    { class: 'card' },
    el(
      'table',
      { 'data-testid': 'breakdown', 'aria-label': 'Breakdown by dimension' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          dims.map((d) => el('th', { scope: 'col' }, d)),
          input.metrics.map((m) => [
            el('th', { scope: 'col', class: 'n' }, m),
            compare ? el('th', { scope: 'col', class: 'n' }, `${m} vs previous`) : null,
          ]),
        ),
      ),
      el(
        'tbody',
        {},
        report.rows.map((row) =>
          el(
            'tr',
            { class: row.others ? 'others' : '', 'data-row': row.dimensions.join('|') },
            row.dimensions.map((v) => el('th', { scope: 'row' }, v ?? '(none)')),
            row.values.map((v, i) => [
              el('td', { class: 'n', 'data-metric': input.metrics[i], 'data-value': v }, fmt(v)),
              compare
                ? el(
                    'td',
                    { class: `n ${row.changePercent?.[i] > 0 ? 'up' : row.changePercent?.[i] < 0 ? 'down' : ''}` },
                    row.changePercent?.[i] == null
                      ? '—'
                      : `${row.changePercent[i] > 0 ? '+' : ''}${fmt(row.changePercent[i])}%`,
                  )
                : null,
            ]),
          ),
        ),
      ),
      el(
        'tfoot',
        {},
        el(
          'tr',
          {},
          dims.length ? el('th', { scope: 'row', colspan: dims.length }, 'Total') : null,
          report.totals.map((t, i) => [
            el('td', { class: 'n', 'data-total': input.metrics[i] }, el('strong', {}, fmt(t))),
            compare ? el('td') : null,
          ]),
        ),
      ),
    ),
  );
}
