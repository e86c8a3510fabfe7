// Controls shared by the views: labelled fields, selects, the time range and the URL's filters.
import { el } from './charts.js';

export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const PRESETS = {
  '15m': 15 * 60e3,
  '1h': 3600e3,
  '24h': 86400e3,
  '7d': 7 * 86400e3,
  '30d': 30 * 86400e3,
  '90d': 90 * 86400e3,
};

/** A labelled control; the label names it exactly (a wrapping label alone would add the selected option's text). */
export function field(label, control) {
  if (!control.hasAttribute('aria-label')) control.setAttribute('aria-label', label);
  return el('label', {}, label, control);
}
export function select(name, options, value, attrs = {}) {
  return el(
    'select',
    { name, ...attrs },
    options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)),
  );
}
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
}

/** The range of a view's state: a preset ending now, or a custom from/to. */
export function range(params) {
  const preset = params.get('range') || '7d';
  if (preset === 'custom' && params.get('from') && params.get('to')) {
    return { from: params.get('from'), to: params.get('to'), preset };
  }
  // The end of the current second: everything sent so far is in, and everyone opening the dashboard within the same
  // second asks the same question, which the server then answers once for all of them.
  const to = new Date(Math.ceil(Date.now() / 1000) * 1000);
  return {
    from: new Date(to.getTime() - (PRESETS[preset] || PRESETS['7d'])).toISOString(),
    to: to.toISOString(),
    preset: PRESETS[preset] ? preset : '7d',
  };
}

/** Range controls; with allTime, "All time" leads the presets and is chosen when the state names no range. */
export function rangeControls(params, { allTime = false } = {}) {
  const r = range(params);
  const all = allTime && (params.get('range') || 'all') === 'all';
  const preset = select(
    'range',
    [
      ...(allTime ? [['all', 'All time (live)']] : []),
      ['15m', 'Last 15 minutes'],
      ['1h', 'Last hour'],
      ['24h', 'Last 24 hours'],
      ['7d', 'Last 7 days'],
      ['30d', 'Last 30 days'],
      ['90d', 'Last 90 days'],
      ['custom', 'Custom range'],
    ],
    all ? 'all' : r.preset,
  );
  const from = el('input', { type: 'datetime-local', name: 'from', value: toLocalInput(r.from) });
  const to = el('input', { type: 'datetime-local', name: 'to', value: toLocalInput(r.to) });
  const custom = el('span', { class: 'row', hidden: r.preset !== 'custom' }, field('From', from), field('To', to));
  preset.addEventListener('change', () => {
    custom.hidden = preset.value !== 'custom';
  });
  return {
    nodes: [field('Time range', preset), custom],
    write(p) {
      p.set('range', preset.value);
      if (preset.value === 'custom') {
        if (from.value) p.set('from', new Date(from.value).toISOString());
        if (to.value) p.set('to', new Date(to.value).toISOString());
      } else {
        p.delete('from');
        p.delete('to');
      }
      if (preset.value === 'all') p.delete('range');
    },
  };
}

/** "dim:OP:v1,v2" filters of the URL as FilterInput objects. */
export function filters(params) {
  return params.getAll('f').map((f) => {
    const [dimension, op, ...rest] = f.split(':');
    return {
      dimension,
      op,
      values: rest
        .join(':')
        .split(',')
        .filter((v) => v !== ''),
    };
  });
}
