// The EventLens dashboard: one page, its whole state in the URL, every number from the GraphQL API. This module wires
// the page: the theme, the tabs and the views (one module each under views/), drawn again whenever the URL changes.
import { session } from './api.js';
import { go, leave, onRender, render, state } from './router.js';
import { alertsView } from './views/alerts.js';
import { dashboardsView } from './views/dashboards.js';
import { eventsView } from './views/events.js';
import { funnelView } from './views/funnel.js';
import { overview } from './views/overview.js';
import { reportView } from './views/report.js';
import { retentionView } from './views/retention.js';
import { signIn } from './views/signin.js';

const VIEWS = {
  overview,
  report: reportView,
  funnel: funnelView,
  retention: retentionView,
  events: eventsView,
  dashboards: dashboardsView,
  alerts: alertsView,
};

onRender(() => {
  leave();
  const signedIn = !!session.key;
  document.getElementById('tabs').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
  if (!signedIn) {
    signIn();
    return;
  }
  const params = state();
  const view = params.get('dashboard') ? 'dashboards' : VIEWS[params.get('view')] ? params.get('view') : 'overview';
  document.querySelectorAll('#tabs a').forEach((a) => a.toggleAttribute('aria-current', a.dataset.view === view));
  document.querySelectorAll('#tabs a[aria-current]').forEach((a) => a.setAttribute('aria-current', 'page'));
  VIEWS[view]();
});

const theme =
  localStorage.getItem('eventlens.theme') || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
document.documentElement.dataset.theme = theme;
document.getElementById('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('eventlens.theme', next);
  render();
});

window.addEventListener('popstate', render);
document.getElementById('tabs').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-view]');
  if (!link) return;
  event.preventDefault();
  go(new URLSearchParams({ view: link.dataset.view }));
});
document.getElementById('signout').addEventListener('click', () => {
  session.signOut();
  go(new URLSearchParams());
});

render();
