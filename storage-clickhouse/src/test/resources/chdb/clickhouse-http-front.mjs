// A small ClickHouse HTTP interface over chdb-wasm, for tests on machines without a ClickHouse server.
//
// Usage: node clickhouse-http-front.mjs <chdb.mjs path> [port]   (port 0 or absent: any free port)
// Prints "READY <port>" on stdout once the engine answers. Serves one engine, one session: queries run one at a
// time, in arrival order. What a real server does and this front does not is listed in storage-clickhouse/README.md.
import http from 'node:http';
import { AsyncChdb } from 'chdb-wasm';

const [moduleUrl, portArgument] = process.argv.slice(2);
if (!moduleUrl) {
  console.error('usage: clickhouse-http-front.mjs <chdb.mjs> [port]');
  process.exit(2);
}

const db = await AsyncChdb.create({ moduleUrl });
const conn = await db.connect();
// Test data is small: wasm threads cost more to start than they save (measured ~2x per query on 2 cores).
await conn.query('SET max_threads = 1', 'TabSeparated');
await conn.query('SELECT 1', 'TabSeparated');

// URL parameters the ClickHouse clients send that are transport options here, not settings to apply.
const TRANSPORT = new Set(['query', 'database', 'default_format', 'user', 'password', 'compress', 'decompress',
  'extremes', 'send_progress_in_http_headers', 'wait_end_of_query', 'query_id', 'session_id', 'session_timeout',
  'session_check', 'enable_http_compression', 'buffer_size', 'max_result_rows', 'result_overflow_mode',
  'http_headers_progress_interval_ms', 'max_query_size', 'readonly', 'output_format_json_quote_64bit_integers']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// INSERT ... FORMAT F followed by the data: the data goes through a file, never inline in the statement.
const INSERT_HEAD = /^\s*(INSERT\s+INTO\s+[^]*?)\s+FORMAT\s+([A-Za-z0-9]+)[ \t]*(\r?\n|$)/i;

// EVENTLENS_FRONT_TRACE=1 logs each statement's time and size to stderr.
const trace = process.env.EVENTLENS_FRONT_TRACE === '1';
let queue = Promise.resolve();
let currentDatabase = 'default';
let uploads = 0;
let broken = null;

/** Runs work after every earlier request: one wasm connection, one query at a time. */
function serialized(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

function quote(value) {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

class FrontError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function execute(statement, database, params, format) {
  if (broken) {
    throw new FrontError(1001, 'the wasm engine failed earlier and was not restarted: ' + broken);
  }
  if (database !== currentDatabase) {
    if (!IDENTIFIER.test(database)) {
      throw new FrontError(81, `Database ${database} does not exist. (UNKNOWN_DATABASE)`);
    }
    await conn.query('USE ' + database, 'TabSeparated');
    currentDatabase = database;
  }
  for (const [name, value] of params) {
    if (!IDENTIFIER.test(name)) {
      throw new FrontError(36, `Bad query parameter name: ${name}. (BAD_ARGUMENTS)`);
    }
    await conn.query(`SET param_${name} = ${quote(value)}`, 'TabSeparated');
  }
  const insert = INSERT_HEAD.exec(statement.subarray(0, 65536).toString('latin1'));
  if (insert) {
    // latin1 maps bytes one to one, so the match length is the byte offset of the data.
    const data = statement.subarray(insert[0].length);
    const path = `/tmp/eventlens-upload-${++uploads}`;
    await db.putFile(path, new Uint8Array(data));
    try {
      await conn.query(`${insert[1]} FROM INFILE '${path}' FORMAT ${insert[2]}`, 'TabSeparated');
    } finally {
      await db.putFile(path, new Uint8Array(0));
    }
    return { data: new Uint8Array(0), format, rows: 0 };
  }
  const started = performance.now();
  const result = await conn.query(statement.toString('utf8'), format);
  if (trace) {
    const text = statement.subarray(0, 120).toString('utf8').replace(/\s+/g, ' ');
    console.error(`front: ${(performance.now() - started).toFixed(1)} ms, ${statement.length} bytes: ${text}`);
  }
  return { data: result.data, format, rows: result.rowsRead };
}

function errorCode(error) {
  if (error instanceof FrontError) {
    return error.code;
  }
  const match = /Code: (\d+)\./.exec(String(error && error.message));
  return match ? Number(match[1]) : 1000;
}

// Query parameters travel in the URL (param_p0=...): allow URLs as long as ClickHouse's own default (1 MiB).
const server = http.createServer({ maxHeaderSize: 1 << 20 }, (request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const url = new URL(request.url, 'http://front');
    if (url.pathname === '/ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Ok.\n');
      return;
    }
    // As ClickHouse does: the query parameter, then the body, make the statement.
    const query = url.searchParams.get('query');
    if (query) {
      chunks.unshift(Buffer.from(query + (chunks.length ? '\n' : ''), 'utf8'));
    }
    const statement = Buffer.concat(chunks);
    const database = url.searchParams.get('database') ?? request.headers['x-clickhouse-database'] ?? 'default';
    const format = request.headers['x-clickhouse-format'] ?? url.searchParams.get('default_format') ?? 'TabSeparated';
    const params = [];
    for (const [name, value] of url.searchParams) {
      if (name.startsWith('param_')) {
        params.push([name.substring(6), value]);
      } else if (!TRANSPORT.has(name)) {
        // Settings are not applied by this front: say so rather than ignore them silently.
        console.error(`front: ignored URL setting ${name}=${value}`);
      }
    }
    try {
      const result = await serialized(() => execute(statement, database, params, format));
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'X-ClickHouse-Format': result.format,
        'X-ClickHouse-Summary': JSON.stringify({ read_rows: String(result.rows), written_rows: '0' }),
      }).end(Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength));
    } catch (error) {
      const message = String(error && error.message ? error.message : error);
      if (/memory access out of bounds|RuntimeError|unreachable/.test(message) && !(error instanceof FrontError)) {
        // A trapped wasm instance is not trustworthy: fail every later request instead of reusing it.
        broken = message;
      }
      const code = errorCode(error);
      const text = message.startsWith('Code:') ? message : `Code: ${code}. DB::Exception: ${message}`;
      response.writeHead(500, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(code),
      }).end(text + '\n');
    }
  });
});

server.listen(Number(portArgument ?? 0), '127.0.0.1', () => {
  console.log(`READY ${server.address().port}`);
});

function shutdown() {
  server.close();
  db.terminate().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, shutdown);
}
// The JVM that started the front holds its stdin: when that JVM dies, however abruptly, the front stops too.
process.stdin.on('end', shutdown);
process.stdin.resume();
