// The page's only way to the server: GraphQL over HTTP and over graphql-transport-ws, plus the CSV endpoint.
import { createClient } from 'graphql-ws';

const KEY = 'eventlens.key';

/** The signed-in read key, kept for this browser tab only; the server answers for the key's project. */
export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  /**
   * The admin key the rule form was given: in this page's memory only (never in storage, never in the URL), so a
   * reload or another tab forgets it. Reading needs only the signed-in read key; changing rules needs the admin key.
   */
  adminKey: '',
  signIn(key) {
    sessionStorage.setItem(KEY, key);
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    session.adminKey = '';
    closeSocket();
  },
};

function headers(key = session.key) {
  return { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${key}` };
}

/** An error exactly as the API wrote it: the messages, with the codes and fields of its extensions. */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
  describe() {
    return this.errors
      .map((e) => {
        const x = e.extensions || {};
        return (x.code ? `[${x.code}${x.field ? ' ' + x.field : ''}] ` : '') + e.message;
      })
      .join('\n');
  }
}

/** Runs one query or mutation over HTTP; with {@code key}, under that key instead of the signed-in one. */
export async function gql(query, variables = {}, { key } = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: headers(key || session.key),
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError([{ message: `The server can't be reached: ${e.message}` }]);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError([{ message: `HTTP ${response.status}: ${text}` }]);
  }
  if (body.errors && body.errors.length) throw new ApiError(body.errors);
  if (!response.ok) throw problem(response.status, body, text);
  return body.data;
}

/** An HTTP refusal (e.g. 401 for an unknown key) as its problem detail wrote it. */
function problem(status, body, text) {
  const first = Array.isArray(body) ? body[0] : body;
  return new ApiError([
    {
      message: first && first.detail ? first.detail : `HTTP ${status}: ${text}`,
      extensions: { code: first && first.code, field: first && first.field },
    },
  ]);
}

/** Downloads a report as CSV through POST /v1/reports.csv (the key travels as a header, not in a link). */
export async function downloadCsv(input, fileName) {
  const response = await fetch('/v1/reports.csv', {
    method: 'POST',
    headers: { ...headers(), Accept: 'text/csv' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) {
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    throw body && body.errors ? new ApiError(body.errors) : problem(response.status, body, text);
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

let socket = null;

function client() {
  if (!socket) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    socket = createClient({
      url,
      lazy: true,
      retryAttempts: 1000,
      shouldRetry: () => true,
      connectionParams: () => ({ authorization: `Bearer ${session.key}` }),
    });
  }
  return socket;
}

function closeSocket() {
  if (socket) {
    socket.dispose();
    socket = null;
  }
}

/** Subscribes over WebSocket; answers a function that ends the subscription. */
export function subscribe(query, variables, onData, onError) {
  return client().subscribe(
    { query, variables },
    {
      next: (message) => {
        if (message.errors && message.errors.length) onError(new ApiError(message.errors));
        else onData(message.data);
      },
      error: (e) =>
        onError(
          Array.isArray(e)
            ? new ApiError(e)
            : new ApiError([
                {
                  message: e && e.reason ? `Connection closed (${e.code}): ${e.reason}` : String((e && e.message) || e),
                },
              ]),
        ),
      complete: () => {},
    },
  );
}
