// Live events: the stream as it arrives (pausable), the latest 50 behind it, and an inspector for one event.
import { gql, subscribe } from '../api.js';
import { el } from '../charts.js';
import { emptyState, showError } from '../messages.js';
import { main, onLeave } from '../router.js';

const EVENT_FIELDS = 'id type timestamp userId sessionId country device browser os page referrer revenue properties';

export function eventsView() {
  const list = el('ul', { class: 'stream', 'aria-label': 'Events, newest first', 'data-testid': 'stream' });
  const inspector = el(
    'pre',
    { class: 'json', 'data-testid': 'inspector', tabindex: 0, 'aria-label': 'Event inspector' },
    'Select an event to inspect it.',
  );
  const error = el('div');
  let paused = false;
  const held = [];
  const count = el('span', { class: 'muted', 'aria-live': 'polite' });
  const pause = el(
    'button',
    {
      type: 'button',
      'aria-pressed': 'false',
      onclick: () => {
        paused = !paused;
        pause.setAttribute('aria-pressed', String(paused));
        pause.textContent = paused ? 'Resume' : 'Pause';
        if (!paused) {
          held.splice(0).forEach(show);
          count.textContent = '';
        }
      },
    },
    'Pause',
  );
  const show = (event) => {
    const item = el(
      'li',
      { tabindex: 0, 'data-id': event.id },
      `${event.timestamp}  ${event.type}  ${event.userId ?? ''}  ${event.country ?? ''}  ${event.page ?? ''}`,
    );
    const open = () => {
      inspector.textContent = JSON.stringify(event, null, 2);
    };
    item.addEventListener('click', open);
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    list.prepend(item);
    while (list.children.length > 200) list.lastChild.remove();
  };
  main.replaceChildren(
    el('h2', {}, 'Live events'),
    error,
    el('div', { class: 'row' }, pause, count),
    el(
      'div',
      { class: 'split' },
      el('div', { class: 'card' }, list),
      el('div', { class: 'card' }, el('h3', {}, 'Inspector'), inspector),
    ),
  );
  onLeave(
    subscribe(
      `subscription { eventStream { dropped event { ${EVENT_FIELDS} } } }`,
      {},
      ({ eventStream }) => {
        if (paused) {
          held.push(eventStream.event);
          count.textContent = `${held.length} new while paused`;
        } else show(eventStream.event);
      },
      (e) => showError(error, e),
    ),
  );
  gql(`{ events(first: 50) { edges { node { ${EVENT_FIELDS} } } } }`)
    .then(({ events }) => {
      if (!events.edges.length && !list.children.length) error.replaceChildren(emptyState('No events yet.'));
      const known = new Set([...list.children].map((li) => li.dataset.id));
      // Newest first, after anything that streamed in meanwhile (which is newer).
      events.edges
        .map((e) => e.node)
        .filter((e) => !known.has(e.id))
        .forEach((e) => {
          show(e);
          list.append(list.firstChild);
        });
    })
    .catch((e) => showError(error, e));
}
