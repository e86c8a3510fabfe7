// Funnel: steps in order within a conversion window, drawn as bars (dashboards draw panels with renderFunnel).
import { gql } from '../api.js';
import { el, funnelBars } from '../charts.js';
import { field, range, rangeControls, select } from '../controls.js';
import { emptyState, showError } from '../messages.js';
import { go, main, state } from '../router.js';
import { saveControls } from '../save-controls.js';

function funnelInput(params) {
  const r = range(params);
  return {
    steps: (params.get('steps') || 'page_view,signup,purchase')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((type) => ({ type })),
    window: params.get('win') || 'P1D',
    from: r.from,
    to: r.to,
  };
}

export async function renderFunnel(target, params) {
  try {
    const result = (
      await gql(
        `query($input: FunnelInput!) { funnel(input: $input) {
      steps { step type users conversionFromPrevious conversionFromFirst medianSecondsToConvert } } }`,
        { input: funnelInput(params) },
      )
    ).funnel;
    target.replaceChildren(
      result.steps[0].users === 0 ? emptyState('Nobody entered this funnel in the range.') : '',
      funnelBars(result.steps),
    );
  } catch (e) {
    showError(target, e);
  }
}

export function funnelView() {
  const params = state();
  const steps = el('input', { name: 'steps', size: 40, value: params.get('steps') || 'page_view,signup,purchase' });
  const win = select(
    'window',
    [
      ['PT30M', '30 minutes'],
      ['PT1H', '1 hour'],
      ['P1D', '1 day'],
      ['P7D', '7 days'],
      ['P30D', '30 days'],
    ],
    params.get('win') || 'P1D',
  );
  const ranges = rangeControls(params);
  const write = () => {
    const p = new URLSearchParams({ view: 'funnel', steps: steps.value, win: win.value });
    ranges.write(p);
    return p;
  };
  const out = el('div', { class: 'card' });
  main.replaceChildren(
    el('h2', {}, 'Funnel'),
    el(
      'form',
      {
        class: 'card',
        'aria-label': 'Funnel',
        onsubmit: (e) => {
          e.preventDefault();
          go(write());
        },
      },
      el(
        'div',
        { class: 'row' },
        field('Steps (event types in order, comma-separated)', steps),
        field('Conversion window', win),
        ranges.nodes,
        el('button', { type: 'submit', class: 'primary' }, 'Show funnel'),
      ),
      saveControls(write, () => `Funnel ${steps.value}`),
    ),
    out,
  );
  renderFunnel(out, params);
}
