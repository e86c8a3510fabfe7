// "Save to dashboard…": adds the view shown as a panel of a new or an existing dashboard.
import { gql } from './api.js';
import { el } from './charts.js';
import { field, select } from './controls.js';
import { showError } from './messages.js';
import { go } from './router.js';

export function saveControls(params, title) {
  const box = el('div', { class: 'row' });
  const load = async () => {
    let list = [];
    try {
      list = (await gql('{ dashboards { id name } }')).dashboards;
    } catch (e) {
      showError(box, e);
      return;
    }
    const target = select('dashboard', [['', 'New dashboard…'], ...list.map((d) => [d.id, d.name])], '');
    const name = el('input', { name: 'dashboardName', placeholder: 'Dashboard name', value: 'My dashboard' });
    const panel = el('input', { name: 'panelTitle', value: title() });
    const save = el(
      'button',
      {
        type: 'button',
        onclick: async () => {
          try {
            const view = new URLSearchParams(params());
            view.delete('dashboard');
            let input;
            if (target.value) {
              const d = (
                await gql('query($id: ID!) { dashboard(id: $id) { id name panels { title view } } }', {
                  id: target.value,
                })
              ).dashboard;
              input = { id: d.id, name: d.name, panels: [...d.panels, { title: panel.value, view: view.toString() }] };
            } else {
              input = { name: name.value, panels: [{ title: panel.value, view: view.toString() }] };
            }
            const saved = (
              await gql('mutation($input: DashboardInput!) { saveDashboard(input: $input) { id } }', { input })
            ).saveDashboard;
            go(new URLSearchParams({ view: 'dashboards', dashboard: saved.id }));
          } catch (e) {
            showError(null, e);
          }
        },
      },
      'Save to dashboard',
    );
    target.addEventListener('change', () => {
      name.hidden = !!target.value;
    });
    box.replaceChildren(
      field('Dashboard', target),
      field('New dashboard name', name),
      field('Panel title', panel),
      save,
    );
  };
  const open = el(
    'button',
    {
      type: 'button',
      onclick: () => {
        open.remove();
        load();
      },
    },
    'Save to dashboard…',
  );
  box.append(open);
  return box;
}
