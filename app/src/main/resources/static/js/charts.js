// Drawing only: a uPlot time series, funnel bars and the retention heat map. No data fetching here.
import uPlot from 'uplot';

const PALETTE = [
  '#2f6fed',
  '#e8590c',
  '#2b8a3e',
  '#ae3ec9',
  '#f59f00',
  '#0c8599',
  '#c2255c',
  '#5c7cfa',
  '#74b816',
  '#868e96',
];

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) node.append(c.nodeType ? c : String(c));
  return node;
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export function fmt(v) {
  return v === null || v === undefined ? '—' : number.format(v);
}

/**
 * A time-series chart. series: [{label, values, dashed}] over xs (epoch seconds). Answers {update(xs, series)} so
 * live mode redraws in place.
 */
export function timeSeries(container, xs, series, timezone) {
  const make = (xs2, series2) => {
    container.replaceChildren();
    const width = Math.max(320, container.clientWidth || 800);
    const opts = {
      width,
      height: 300,
      tzDate: (ts) => {
        try {
          return uPlot.tzDate(new Date(ts * 1e3), timezone);
        } catch {
          return new Date(ts * 1e3);
        }
      },
      series: [
        {},
        ...series2.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[(s.color ?? i) % PALETTE.length],
          width: 2,
          dash: s.dashed ? [6, 4] : undefined,
          value: (u, v) => fmt(v),
        })),
      ],
      axes: [
        { stroke: getComputedStyle(document.body).color },
        {
          stroke: getComputedStyle(document.body).color,
          values: (u, vals) => vals.map(fmt),
          // Wide enough for the longest label (uPlot's default cuts "25,000" to "5,000").
          size: (u, vals) => 14 + 8 * Math.max(3, ...(vals || []).map((v) => String(v).length)),
        },
      ],
      scales: { x: { time: true } },
    };
    return new uPlot(opts, [xs2, ...series2.map((s) => s.values)], container);
  };
  let plot = make(xs, series);
  let shape = series.map((s) => s.label + s.dashed).join('|');
  return {
    update(xs2, series2) {
      const shape2 = series2.map((s) => s.label + s.dashed).join('|');
      if (shape2 !== shape) {
        plot.destroy();
        plot = make(xs2, series2);
        shape = shape2;
      } else plot.setData([xs2, ...series2.map((s) => s.values)]);
    },
    destroy() {
      plot.destroy();
    },
  };
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** Funnel bars: width by users relative to step 1, with conversion from the previous step. */
export function funnelBars(steps) {
  const first = steps.length ? steps[0].users : 0;
  return el(
    'div',
    { class: 'funnel', role: 'list', 'aria-label': 'Funnel steps' },
    steps.map((s) =>
      el(
        'div',
        {
          class: 'bar',
          role: 'listitem',
          'data-testid': `funnel-step-${s.step}`,
          'data-users': s.users,
        },
        el('div', {}, el('strong', {}, `${s.step}. ${s.type}`)),
        el(
          'div',
          { 'aria-hidden': 'true' },
          el('div', { class: 'fill', style: `width:${first ? ((100 * s.users) / first).toFixed(1) : 0}%` }),
        ),
        el(
          'div',
          {},
          `${fmt(s.users)} users`,
          s.step > 1
            ? el(
                'div',
                { class: 'muted' },
                `${fmt(100 * s.conversionFromPrevious)}% of previous`,
                s.medianSecondsToConvert !== null ? ` · median ${duration(s.medianSecondsToConvert)}` : '',
              )
            : null,
        ),
      ),
    ),
  );
}

/** The cohort matrix as a table whose cells are shaded by the share of the cohort that came back. */
export function heatMap(result, timezone) {
  const periods = Math.max(0, ...result.cohorts.map((c) => c.periods.length));
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: timezone || 'UTC' });
  return el(
    'table',
    { class: 'heat', 'aria-label': 'Retention by cohort' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Cohort'),
        el('th', { scope: 'col', class: 'n' }, 'Users'),
        Array.from({ length: periods }, (_, i) =>
          el('th', { scope: 'col', class: 'n' }, `${result.granularity.toLowerCase()} ${i}`),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      result.cohorts.map((c, row) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, dateFormat.format(new Date(c.start))),
          el('td', { class: 'n', 'data-testid': `cohort-${row}-users`, 'data-value': c.users }, fmt(c.users)),
          c.periods.map((p) =>
            el(
              'td',
              {
                class: 'c',
                'data-testid': `cohort-${row}-period-${p.period}`,
                'data-value': p.users,
                title: `${fmt(p.users)} users`,
                style: `background:rgba(var(--heat),${(p.percentage / 100).toFixed(3)})${p.percentage > 55 ? ';color:#fff' : ''}`,
              },
              `${fmt(p.percentage)}%`,
            ),
          ),
        ),
      ),
    ),
  );
}
