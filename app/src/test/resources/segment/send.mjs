// Sends a fixed set of calls through the real @segment/analytics-node to an EventLens app, then resends every batch
// the library sent exactly as it went out (a retry after a lost answer). Prints one JSON line: the batches as sent,
// the library's delivery errors, and the answers to the resent batches.
// Usage: node send.mjs <host> <write key> <run id>
import { Analytics } from '@segment/analytics-node'

const [host, writeKey, run] = process.argv.slice(2)
const analytics = new Analytics({ writeKey, host, flushAt: 100, flushInterval: 200, maxRetries: 0 })
const requests = []
const errors = []
analytics.on('http_request', (request) => requests.push(request))
const delivered = (error) => { if (error) errors.push(String(error.message ?? error)) }

analytics.track({
  userId: 'user-1', event: 'Order Completed',
  properties: { run, revenue: 42.5, plan: 'pro' },
  context: {
    page: { path: '/checkout', referrer: 'https://news.example/' },
    location: { country: 'Germany' }, os: { name: 'iOS' }, device: { type: 'mobile' },
    campaign: { source: 'newsletter', medium: 'email', name: 'winter' },
    ip: '203.0.113.7',
  },
}, delivered)
analytics.page({
  anonymousId: 'anon-1', name: 'Pricing',
  properties: { run, path: '/pricing', url: 'https://shop.example/pricing?ref=x', referrer: 'https://search.example/' },
}, delivered)
analytics.screen({ userId: 'user-1', name: 'Home', properties: { run } }, delivered)
analytics.identify({ userId: 'user-1', traits: { run, plan: 'pro', email: 'user-1@example.com' } }, delivered)
analytics.identify({ userId: 'user-2', traits: { run, plan: 'free' } }, delivered)
analytics.group({ userId: 'user-1', groupId: 'acme', traits: { run, industry: 'retail' } }, delivered)
analytics.alias({ userId: 'user-1', previousId: 'anon-1' }, delivered)
await analytics.closeAndFlush({ timeout: 20000 })

// The library hands its body over as the JSON text it sends (3.x) or as an object (earlier versions).
const text = (body) => (typeof body === 'string' ? body : JSON.stringify(body))
const resent = []
for (const request of requests) {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: text(request.body) })
  resent.push({ status: response.status, body: await response.json() })
}
console.log(JSON.stringify({ batches: requests.map((request) => JSON.parse(text(request.body))), errors, resent }))
