// Where the page is: its whole state in the URL, the element views draw into, and what a view leaves behind.

/** The element every view draws into. */
export const main = document.getElementById('main');

const disposers = [];
/** Registers what to close (a subscription, a timer) when the page moves to another view. */
export function onLeave(fn) {
  disposers.push(fn);
}
/** Closes what the view shown until now registered. */
export function leave() {
  disposers.splice(0).forEach((fn) => {
    try {
      fn();
    } catch {
      /* already closed */
    }
  });
}

let renderer = () => {};
/** Sets how the page draws its state (app.js does, once the views are known). */
export function onRender(fn) {
  renderer = fn;
}
/** Draws the page for the URL as it is now. */
export function render() {
  renderer();
}

export function state() {
  return new URLSearchParams(location.search);
}
export function go(params, replace = false) {
  const url = `?${params.toString()}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}
