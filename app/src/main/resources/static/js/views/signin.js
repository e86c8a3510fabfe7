// The first screen: the project read key, kept for this tab only.
import { session } from '../api.js';
import { el } from '../charts.js';
import { field } from '../controls.js';
import { go, main, state } from '../router.js';

export function signIn() {
  const key = el('input', { type: 'password', name: 'key', required: true, autocomplete: 'off' });
  main.replaceChildren(
    el(
      'section',
      { class: 'card signin' },
      el('h2', {}, 'Sign in'),
      el(
        'form',
        {
          onsubmit: (e) => {
            e.preventDefault();
            session.signIn(key.value.trim());
            go(state().get('view') ? state() : new URLSearchParams({ view: 'overview' }), true);
          },
        },
        field('Project read key', key),
        el(
          'p',
          { class: 'muted' },
          'Your key decides the project you see. It stays in this browser tab (session storage) ',
          'and is sent with every request; signing out or closing the tab forgets it.',
        ),
        el('button', { type: 'submit', class: 'primary' }, 'Sign in'),
      ),
    ),
  );
  key.focus();
}
