// What the page says besides the numbers: the API's errors as it wrote them, and how to send a first event.
import { ApiError, session } from './api.js';
import { el } from './charts.js';
import { render } from './router.js';

const toast = document.getElementById('toast');
const CURL = `curl -X POST http://${location.host}/v1/events \\
  -H 'Content-Type: application/json' -H 'Authorization: Bearer <your ingest key>' \\
  -d '[{"type":"page_view","userId":"u1","sessionId":"s1","country":"DE","page":"/"}]'`;

/** Shows the API's error as it wrote it (messages, codes and fields). */
export function showError(target, e) {
  const text = e instanceof ApiError ? e.describe() : String((e && e.message) || e);
  // A key the server does not know (or that lacks the scope) can only be fixed by signing in again.
  const badKey =
    e instanceof ApiError && e.errors.some((x) => ['UNAUTHENTICATED', 'FORBIDDEN'].includes(x.extensions?.code));
  const again = badKey
    ? el(
        'button',
        {
          type: 'button',
          onclick: () => {
            session.signOut();
            render();
          },
        },
        'Sign in again',
      )
    : null;
  if (target)
    target.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, text, ' ', again));
  else {
    toast.textContent = text;
    toast.hidden = false;
    setTimeout(() => {
      toast.hidden = true;
    }, 8000);
  }
}

export function emptyState(text) {
  return el(
    'div',
    { class: 'empty', 'data-testid': 'empty' },
    el('p', {}, el('strong', {}, text), ' Send one with curl (or POST /v1/events from your app):'),
    el('pre', {}, CURL),
    el('p', { class: 'muted' }, 'The page updates by itself when it arrives.'),
  );
}
