// Alerts: the rules with their state, the form defining one (from scratch or from a report), and alert events live.
import { ApiError, gql, session, subscribe } from '../api.js';
import { el, fmt } from '../charts.js';
import { catalog } from '../catalog.js';
import { field, filters, select } from '../controls.js';
import { showError } from '../messages.js';
import { main, onLeave, state } from '../router.js';

const ALERTS_QUERY = `{ alerts { id name metric last breakdown paused for
  condition { above below changePercent anomaly { threshold windows } }
  series { series state since incident value } } }`;

function conditionText(c) {
  if (c.above != null) return `above ${fmt(c.above)}`;
  if (c.below != null) return `below ${fmt(c.below)}`;
  if (c.anomaly)
    return `more than ${fmt(c.anomaly.threshold)} σ from the mean of the ${c.anomaly.windows} windows before`;
  return `changes by ${c.changePercent > 0 ? '+' : ''}${fmt(c.changePercent)} %`;
}

const DEFINE_ALERT = `mutation($input: AlertInput!) { defineAlert(input: $input) { id name } }`;

/** A report's state (its first metric, filters and breakdown) as the start of a rule. */
function ruleFromReport(params) {
  const metric = (params.get('m') || 'events').split(',')[0];
  const breakdown = params.get('d') || '';
  const fs = filters(params);
  const where = fs.map((f) => `${f.dimension} ${f.op} ${f.values.join(',')}`).join(' and ');
  return {
    name: `${metric}${breakdown ? ' by ' + breakdown : ''}${where ? ' where ' + where : ''}`,
    metric,
    breakdown,
    filters: fs,
  };
}

/** The form defining a rule; {@code onDefined} gets the rule the server stored. */
function alertForm(cat, start, onDefined) {
  const key = el('input', {
    type: 'password',
    name: 'adminKey',
    autocomplete: 'off',
    value: session.adminKey,
    'data-field': 'key',
  });
  const name = el('input', { name: 'alertName', value: start.name, size: 40, 'data-field': 'input.name' });
  // Only built-in metrics are evaluated; a report's custom metric is offered anyway, for the server to refuse by name.
  const builtIn = cat.metrics.filter((m) => m.builtIn).map((m) => m.name);
  const metric = select(
    'alertMetric',
    (builtIn.includes(start.metric) ? builtIn : [start.metric, ...builtIn]).map((m) => [m, m]),
    start.metric,
    { 'data-field': 'input.metric' },
  );
  const breakdown = el('input', {
    name: 'alertBreakdown',
    value: start.breakdown,
    list: 'alert-dims',
    'data-field': 'input.breakdown',
  });
  const maxSeries = el('input', {
    type: 'number',
    name: 'maxSeries',
    value: 10,
    size: 4,
    'data-field': 'input.maxSeries',
  });
  const last = el('input', { name: 'last', value: '5m', size: 6, 'data-field': 'input.last' });
  const kind = select(
    'conditionKind',
    [
      ['above', 'Above'],
      ['below', 'Below'],
      ['changePercent', 'Change against the previous window, %'],
      ['anomaly', 'Anomaly: standard deviations from the windows before'],
    ],
    'above',
  );
  const windows = el('input', {
    type: 'number',
    name: 'anomalyWindows',
    placeholder: '6',
    size: 4,
    'data-field': 'input.condition.anomaly.windows',
  });
  const windowsField = field('Windows before', windows);
  windowsField.hidden = true;
  kind.addEventListener('change', () => {
    windowsField.hidden = kind.value !== 'anomaly';
  });
  const threshold = el('input', {
    type: 'number',
    step: 'any',
    name: 'threshold',
    size: 8,
    'data-field': 'input.condition',
  });
  const hold = el('input', { name: 'for', placeholder: 'at once', size: 6, 'data-field': 'input.for' });
  const resolveAfter = el('input', {
    name: 'resolveAfter',
    placeholder: 'at once',
    size: 6,
    'data-field': 'input.resolveAfter',
  });
  const url = el('input', {
    type: 'url',
    name: 'webhookUrl',
    size: 40,
    placeholder: 'none',
    'data-field': 'input.webhook.url',
  });
  const secret = el('input', {
    type: 'password',
    name: 'webhookSecret',
    autocomplete: 'off',
    'data-field': 'input.webhook.secret',
  });
  const filterRows = el('div', { class: 'filters' });
  const addFilter = (f = { dimension: 'type', op: 'EQ', values: [] }) =>
    filterRows.append(
      el(
        'div',
        { class: 'row', 'data-filter': '' },
        field(
          'Filter dimension',
          el('input', { name: 'filterDimension', value: f.dimension, list: 'alert-dims', 'data-part': 'dimension' }),
        ),
        field(
          'Operator',
          select(
            'filterOp',
            ['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE'].map((o) => [o, o]),
            f.op,
            { 'data-part': 'op' },
          ),
        ),
        field(
          'Values (comma-separated)',
          el('input', { name: 'filterValues', value: f.values.join(','), 'data-part': 'values' }),
        ),
        el(
          'button',
          { type: 'button', 'aria-label': 'Remove filter', onclick: (e) => e.target.closest('[data-filter]').remove() },
          '✕',
        ),
      ),
    );
  start.filters.forEach((f) => addFilter(f));
  const problem = el('div', { class: 'error', role: 'alert', 'data-testid': 'alert-form-error' });
  const form = el(
    'form',
    {
      class: 'card alert-form',
      'aria-label': 'New alert rule',
      onsubmit: (e) => {
        e.preventDefault();
        submit();
      },
    },
    el('h3', {}, 'New alert rule'),
    el(
      'datalist',
      { id: 'alert-dims' },
      cat.dimensions.map((d) => el('option', { value: d.name })),
    ),
    el(
      'div',
      { class: 'row' },
      field('Admin key', key),
      el(
        'span',
        { class: 'muted' },
        "Changing rules needs the project's admin key. It is kept in this page's memory only: a reload forgets it.",
      ),
    ),
    el(
      'div',
      { class: 'row' },
      field('Rule name', name),
      field('Metric', metric),
      field('Breakdown', breakdown),
      field('Max series', maxSeries),
    ),
    filterRows,
    el('div', { class: 'row' }, el('button', { type: 'button', onclick: () => addFilter() }, 'Add filter')),
    el(
      'div',
      { class: 'row' },
      field('Window', last),
      field('Condition', kind),
      field('Threshold', threshold),
      windowsField,
      field('For', hold),
      field('Resolve after', resolveAfter),
    ),
    el('div', { class: 'row' }, field('Webhook URL', url), field('Webhook secret', secret)),
    problem,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Create rule')),
  );

  const controls = () => [...form.querySelectorAll('[data-field]')];
  /** The control an error's field names: the same path, or the nearest one above or below it. */
  const controlOf = (path) =>
    controls().find((c) => c.dataset.field === path) ||
    controls().find((c) => path.startsWith(c.dataset.field + '.') || path.startsWith(c.dataset.field + '[')) ||
    controls().find((c) => c.dataset.field.startsWith(path));
  const refused = (e) => {
    controls().forEach((c) => c.removeAttribute('aria-invalid'));
    if (!(e instanceof ApiError)) {
      problem.textContent = String((e && e.message) || e);
      return;
    }
    let first = null;
    problem.replaceChildren(
      ...e.errors.map((x) => {
        const code = x.extensions?.code;
        const path = x.extensions?.field;
        let target = null;
        let text;
        if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
          // A refused key is forgotten at once: it is of no use, and the next try must be typed again.
          session.adminKey = '';
          key.value = '';
          target = key;
          text =
            code === 'UNAUTHENTICATED'
              ? `The admin key was not accepted [${code}]: ${x.message}`
              : `This key may not change alert rules [${code}]: enter the project's admin key, not a read or ingest key. ${x.message}`;
        } else {
          target = path ? controlOf(path) : null;
          const label = target ? target.getAttribute('aria-label') : null;
          text = `${label ? `${label} (${path})` : path || 'The rule'}: [${code || 'ERROR'}] ${x.message}`;
        }
        if (target) {
          target.setAttribute('aria-invalid', 'true');
          first = first || target;
        }
        return el('div', { 'data-code': code || '', 'data-field': path || '' }, text);
      }),
    );
    if (first) first.focus();
  };
  const submit = async () => {
    problem.replaceChildren();
    // Filters are named by their place in the input, as the API names them in its refusals.
    filterRows.querySelectorAll('[data-filter]').forEach((row, i) =>
      row.querySelectorAll('[data-part]').forEach((c) => {
        c.dataset.field = `input.filters[${i}].${c.dataset.part}`;
      }),
    );
    const input = {
      name: name.value.trim(),
      metric: metric.value,
      last: last.value.trim(),
      condition:
        kind.value === 'anomaly'
          ? {
              anomaly: {
                ...(threshold.value === '' ? {} : { threshold: Number(threshold.value) }),
                ...(windows.value === '' ? {} : { windows: Number(windows.value) }),
              },
            }
          : threshold.value === ''
            ? {}
            : { [kind.value]: Number(threshold.value) },
      filters: [...filterRows.querySelectorAll('[data-filter]')].map((row) => ({
        dimension: row.querySelector('[name=filterDimension]').value.trim(),
        op: row.querySelector('[name=filterOp]').value,
        values: row
          .querySelector('[name=filterValues]')
          .value.split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      })),
    };
    if (breakdown.value.trim()) {
      input.breakdown = breakdown.value.trim();
      input.maxSeries = Number(maxSeries.value);
    }
    if (hold.value.trim()) input.for = hold.value.trim();
    if (resolveAfter.value.trim()) input.resolveAfter = resolveAfter.value.trim();
    if (url.value.trim()) input.webhook = { url: url.value.trim(), secret: secret.value };
    try {
      // Without an admin key the signed-in key is sent: a server without API keys takes it, any other says FORBIDDEN.
      const typed = key.value.trim();
      const alert = (await gql(DEFINE_ALERT, { input }, { key: typed || undefined })).defineAlert;
      session.adminKey = typed;
      onDefined(alert);
    } catch (e) {
      refused(e);
    }
  };
  return form;
}

export async function alertsView() {
  const params = state();
  const feed = el('ol', { 'data-testid': 'alert-events', class: 'muted' });
  const table = el('div');
  const formBox = el('div');
  const created = el('p', { role: 'status', 'data-testid': 'alert-created' });
  const showForm = async (start) => {
    try {
      formBox.replaceChildren(
        alertForm(await catalog(), start, (alert) => {
          formBox.replaceChildren();
          created.textContent = `Rule “${alert.name}” created; it is evaluated within seconds.`;
          created.dataset.id = alert.id;
          load();
        }),
      );
      created.textContent = '';
    } catch (e) {
      showError(formBox, e);
    }
  };
  const create = el(
    'button',
    { type: 'button', onclick: () => showForm({ name: '', metric: 'events', breakdown: '', filters: [] }) },
    'New alert rule…',
  );
  main.replaceChildren(
    el('h2', {}, 'Alerts'),
    el(
      'div',
      { class: 'row' },
      create,
      el(
        'span',
        { class: 'muted' },
        'or open a report and use “Create alert rule…” to start from its metric and filters.',
      ),
    ),
    formBox,
    created,
    table,
    el('h3', {}, 'Alert events as they happen'),
    feed,
  );
  const load = async () => {
    try {
      const { alerts } = await gql(ALERTS_QUERY);
      table.replaceChildren(
        alerts.length
          ? el(
              'table',
              { 'data-testid': 'alerts' },
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ['Rule', 'Metric', 'Condition', 'Window', 'For', 'State'].map((h) => el('th', {}, h)),
                ),
              ),
              el(
                'tbody',
                {},
                alerts.map((a) => {
                  const firing = a.series.filter((s) => s.state === 'FIRING' || s.state === 'RESOLVING');
                  const state = a.paused
                    ? 'paused'
                    : firing.length
                      ? `FIRING: ${firing.map((s) => (s.series || a.metric) + ' = ' + fmt(s.value)).join(', ')}`
                      : a.series.some((s) => s.state === 'PENDING')
                        ? 'PENDING'
                        : 'OK';
                  return el(
                    'tr',
                    { 'data-alert': a.id },
                    el('td', {}, a.name),
                    el('td', {}, a.metric + (a.breakdown ? ` by ${a.breakdown}` : '')),
                    el('td', {}, conditionText(a.condition)),
                    el('td', {}, a.last),
                    el('td', {}, a.for),
                    el('td', { 'data-testid': 'alert-state' }, state),
                  );
                }),
              ),
            )
          : el(
              'p',
              { class: 'empty' },
              "No alert rules yet. Create one above (with the project's admin key), or with the defineAlert mutation (docs/alerts.md).",
            ),
      );
    } catch (e) {
      showError(table, e);
    }
  };
  if (params.get('new') === '1') showForm(ruleFromReport(params));
  await load();
  onLeave(
    subscribe(
      'subscription { alertEvents { id kind alertName series value at } }',
      {},
      ({ alertEvents: e }) => {
        feed.prepend(
          el('li', {}, `${e.at} ${e.kind} ${e.alertName}${e.series != null ? ` [${e.series}]` : ''} = ${fmt(e.value)}`),
        );
        load();
      },
      (e) => showError(feed, e),
    ),
  );
}
