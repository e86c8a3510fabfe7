// Retention: cohorts by their start event and how many came back, as a heat map (dashboards draw panels with it).
import { gql } from '../api.js';
import { el, heatMap } from '../charts.js';
import { browserZone, field, range, rangeControls, select } from '../controls.js';
import { emptyState, showError } from '../messages.js';
import { go, main, state } from '../router.js';
import { saveControls } from '../save-controls.js';

function retentionInput(params) {
  const r = range(params);
  return {
    startEvent: { type: params.get('start') || 'signup' },
    returnEvent: { type: params.get('ret') || 'page_view' },
    granularity: params.get('g') || 'DAY',
    timezone: params.get('tz') || browserZone,
    from: r.from,
    to: r.to,
    periods: Number(params.get('periods') || 7),
  };
}

export async function renderRetention(target, params) {
  try {
    const input = retentionInput(params);
    const result = (
      await gql(
        `query($input: RetentionInput!) { retention(input: $input) {
      granularity cohorts { start users periods { period users percentage } } } }`,
        { input },
      )
    ).retention;
    target.replaceChildren(
      result.cohorts.every((c) => c.users === 0) ? emptyState('No cohort in this range.') : '',
      heatMap(result, input.timezone),
    );
  } catch (e) {
    showError(target, e);
  }
}

export function retentionView() {
  const params = state();
  const start = el('input', { name: 'startEvent', value: params.get('start') || 'signup' });
  const ret = el('input', { name: 'returnEvent', value: params.get('ret') || 'page_view' });
  const g = select(
    'granularity',
    [
      ['DAY', 'Day'],
      ['WEEK', 'Week'],
      ['MONTH', 'Month'],
    ],
    params.get('g') || 'DAY',
  );
  const periods = el('input', { type: 'number', name: 'periods', min: 0, max: 60, value: params.get('periods') || 7 });
  const tz = el('input', { name: 'timezone', value: params.get('tz') || browserZone });
  const ranges = rangeControls(params);
  const write = () => {
    const p = new URLSearchParams({
      view: 'retention',
      start: start.value,
      ret: ret.value,
      g: g.value,
      periods: periods.value,
      tz: tz.value,
    });
    ranges.write(p);
    return p;
  };
  const out = el('div', { class: 'card' });
  main.replaceChildren(
    el('h2', {}, 'Retention'),
    el(
      'form',
      {
        class: 'card',
        'aria-label': 'Retention',
        onsubmit: (e) => {
          e.preventDefault();
          go(write());
        },
      },
      el(
        'div',
        { class: 'row' },
        field('Start event', start),
        field('Return event', ret),
        field('Cohort size', g),
        field('Periods', periods),
        field('Time zone', tz),
        ranges.nodes,
        el('button', { type: 'submit', class: 'primary' }, 'Show retention'),
      ),
      saveControls(write, () => `Retention ${start.value} → ${ret.value}`),
    ),
    out,
  );
  renderRetention(out, params);
}
