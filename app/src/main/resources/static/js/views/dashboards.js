// Dashboards: the saved list, and one dashboard's panels, each drawn by the view it was saved from.
import { gql } from '../api.js';
import { el } from '../charts.js';
import { showError } from '../messages.js';
import { go, main, render, state } from '../router.js';
import { renderFunnel } from './funnel.js';
import { renderReport } from './report.js';
import { renderRetention } from './retention.js';

export async function dashboardsView() {
  const params = state();
  const id = params.get('dashboard');
  try {
    if (!id) {
      const list = (await gql('{ dashboards { id name updatedAt panels { title } } }')).dashboards;
      main.replaceChildren(
        el('h2', {}, 'Dashboards'),
        list.length
          ? el(
              'ul',
              { 'data-testid': 'dashboards' },
              list.map((d) =>
                el(
                  'li',
                  {},
                  el('a', { href: `?view=dashboards&dashboard=${encodeURIComponent(d.id)}` }, d.name),
                  el('span', { class: 'muted' }, ` · ${d.panels.length} panel(s)`),
                ),
              ),
            )
          : el(
              'p',
              { class: 'empty' },
              'No saved dashboards yet. Build a report, funnel or retention view and use “Save to dashboard…”.',
            ),
      );
      main.querySelectorAll('a').forEach((a) =>
        a.addEventListener('click', (e) => {
          e.preventDefault();
          go(new URL(a.href).searchParams);
        }),
      );
      return;
    }
    const d = (await gql('query($id: ID!) { dashboard(id: $id) { id name panels { title view } } }', { id })).dashboard;
    if (!d) {
      main.replaceChildren(el('p', { class: 'error', role: 'alert' }, `No dashboard with id ${id}.`));
      return;
    }
    const grid = el('div', { class: 'grid', 'data-testid': 'dashboard-grid' });
    main.replaceChildren(el('h2', { 'data-testid': 'dashboard-name' }, d.name), grid);
    d.panels.forEach((p, i) => {
      const body = el('div');
      const view = new URLSearchParams(p.view);
      const open = el('a', { href: `?${view}` }, 'Open');
      open.addEventListener('click', (e) => {
        e.preventDefault();
        go(view);
      });
      const remove = el(
        'button',
        {
          type: 'button',
          'aria-label': `Remove panel ${p.title}`,
          onclick: async () => {
            try {
              await gql('mutation($input: DashboardInput!) { saveDashboard(input: $input) { id } }', {
                input: {
                  id: d.id,
                  name: d.name,
                  panels: d.panels.filter((_, j) => j !== i).map(({ title, view: v }) => ({ title, view: v })),
                },
              });
              render();
            } catch (e) {
              showError(null, e);
            }
          },
        },
        '✕',
      );
      grid.append(
        el(
          'section',
          { class: 'card', 'data-testid': `panel-${i}`, 'aria-label': p.title },
          el('div', { class: 'row' }, el('h3', { style: 'margin:0' }, p.title), open, remove),
          body,
        ),
      );
      const kind = view.get('view');
      if (kind === 'funnel') renderFunnel(body, view);
      else if (kind === 'retention') renderRetention(body, view);
      else renderReport(body, view, { compact: true });
    });
  } catch (e) {
    showError(main, e);
  }
}
