// Overview: the headline tiles (live for all time, refreshed for a range) and the last hour by minute.
import { gql, subscribe } from '../api.js';
import { el, fmt } from '../charts.js';
import { browserZone, range, rangeControls } from '../controls.js';
import { emptyState, showError } from '../messages.js';
import { go, main, onLeave, state } from '../router.js';
import { renderReport } from './report.js';

const TILES = [
  ['events', 'Events'],
  ['uniqueUsers', 'Unique users'],
  ['sessions', 'Sessions'],
  ['revenue', 'Revenue'],
  ['eventsLastHour', 'Events, last hour'],
];
const OVERVIEW_FIELDS = 'events uniqueUsers sessions revenue eventsLastHour approximate';
const OVERVIEW_QUERY = `query($from: DateTime, $to: DateTime, $approximate: Boolean) {
  overview(from: $from, to: $to, approximate: $approximate) { ${OVERVIEW_FIELDS} } }`;
/** Only distinct counts are ever estimated; the other tiles stay exact in an approximate overview. */
const ESTIMATED = new Set(['uniqueUsers', 'sessions']);
const DAY_MS = 86400e3;
/** How often the tiles of a range are asked again (all time is pushed live instead). */
const OVERVIEW_REFRESH_MS = 15e3;

export function overview() {
  const params = state();
  const allTime = (params.get('range') || 'all') === 'all';
  const values = Object.fromEntries(
    TILES.map(([k]) => [k, el('div', { class: 'v', 'data-testid': `tile-${k}` }, '…')]),
  );
  const empty = el('div');
  const error = el('div');
  const lastHour = el('div', { 'data-testid': 'overview-chart' });
  const ranges = rangeControls(params, { allTime: true });
  const form = el(
    'form',
    {
      class: 'card',
      'aria-label': 'Overview range',
      onsubmit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams({ view: 'overview' });
        ranges.write(p);
        go(p);
      },
    },
    el('div', { class: 'row' }, ranges.nodes, el('button', { type: 'submit', class: 'primary' }, 'Show')),
  );
  const note = el('p', { class: 'muted', 'data-testid': 'overview-note' });
  main.replaceChildren(
    el('h2', {}, 'Overview ', allTime ? el('span', { class: 'badge' }, 'live') : ''),
    form,
    error,
    el(
      'section',
      { class: 'tiles', 'aria-label': 'Headline numbers' },
      TILES.map(([k, label]) => el('div', { class: 'tile' }, el('h2', {}, label), values[k])),
    ),
    note,
    empty,
    el('h3', {}, 'Events in the last hour, by minute'),
    lastHour,
  );
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
    onLeave(
      subscribe(
        `subscription { overviewLive(approximate: true) { ${OVERVIEW_FIELDS} } }`,
        {},
        ({ overviewLive: o }) => show(o),
        (e) => showError(error, e),
      ),
    );
  } else {
    // A range: the overview query (estimates allowed beyond a day, where exact distinct counts cost the most),
    // asked again now and then; a preset range moves on with the clock.
    const load = async () => {
      try {
        const r = range(params);
        const approximate = Date.parse(r.to) - Date.parse(r.from) > DAY_MS;
        show((await gql(OVERVIEW_QUERY, { from: r.from, to: r.to, approximate })).overview);
      } catch (e) {
        showError(error, e);
      }
    };
    load();
    const timer = setInterval(load, OVERVIEW_REFRESH_MS);
    onLeave(() => clearInterval(timer));
  }
  renderReport(lastHour, new URLSearchParams({ m: 'events', range: '1h', g: 'MINUTE', tz: browserZone, live: '1' }), {
    compact: true,
    totals: false,
  });
}
