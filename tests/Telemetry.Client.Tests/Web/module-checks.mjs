// Checks of the web module under Node (the same engine as Chromium), with a stand-in fetch where a real service
// cannot show the case. Run as: node module-checks.mjs <check>; prints the check's result as JSON.
import { TelemetryClient, backoffDelay, hashUserId } from '../../../shared/telemetry-web/telemetry-client.mjs';

const usage = i => ({ appName: 'JoinLauncher', imSent: i, federationPartner: 'x'.repeat(200) });
const base = { serviceUrl: 'http://127.0.0.1:9', apiKey: 'k', source: 'client', compress: false, flushIntervalMs: 600_000 };

// A stand-in service: answers the policy with `policy`, and each POST with the next scripted answer (then 202).
function service({ policy = { census: 'on', usage: 'on', errors: 'opt-in' }, answers = [] } = {}) {
  const posts = [];
  const fetch = async (url, init) => {
    if ((init.method ?? 'GET') === 'GET') return Response.json(policy);
    const body = JSON.parse(init.body);
    posts.push({ url, ids: body.records.map(r => r.id), bytes: new TextEncoder().encode(init.body).length, body: init.body });
    const next = answers.shift();
    if (next) return next();
    return Response.json({ received: body.records.length, accepted: body.records.length, suppressed: 0, rejected: 0 }, { status: 202 });
  };
  return { fetch, posts };
}

const until = async condition => {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 5));
  }
};

const checks = {
  hash: async () => hashUserId('  ABC \t'),

  backoff: async () => [1, 2, 3, 7, 40].map(attempt => [backoffDelay(attempt, 1000, 60_000, 0, 0), backoffDelay(attempt, 1000, 60_000, 0, 0.999999)])
    .concat([[backoffDelay(1, 1000, 60_000, 7000, 0.5), backoffDelay(6, 1000, 60_000, 1000, 0), backoffDelay(1, 1000, 60_000, 3 * 86_400_000, 0)]]),

  invalidOptions: async () => {
    try { new TelemetryClient({ ...base, source: 'meetingsApp', maxBatchRecords: 501 }); return null; } catch (error) { return error.message; }
  },

  unknownField: async () => {
    const client = new TelemetryClient({ ...base, fetch: service().fetch });
    try { client.trackUsage({ appName: 'JoinLauncher', email: 'amos@contoso.com' }); return null; } catch (error) { return error.message; } finally { await client.close(); }
  },

  batchesBySize: async () => {
    const { fetch, posts } = service();
    const client = new TelemetryClient({ ...base, fetch, maxBatchBytes: 40_000 });
    for (let i = 0; i < 200; i++) client.trackUsage(usage(i));
    await client.flush();
    await client.close();
    return { bytes: posts.map(p => p.bytes), ids: posts.flatMap(p => p.ids), sent: client.counters.sent };
  },

  retrySameIds: async () => {
    const unavailable = () => new Response('{}', { status: 503, headers: { 'Retry-After': '1' } });
    const { fetch, posts } = service({ answers: [unavailable, unavailable] });
    const client = new TelemetryClient({ ...base, fetch, initialRetryDelayMs: 10, maxRetryDelayMs: 20 });
    for (let i = 0; i < 5; i++) client.trackUsage(usage(i));
    const started = Date.now();
    await client.flush();
    await client.close();
    return { ids: posts.map(p => p.ids), counters: client.counters, waitedMs: Date.now() - started };
  },

  receiptNotRetried: async () => {
    const receipt = () => Response.json({ received: 3, accepted: 1, suppressed: 1, rejected: 1 }, { status: 202 });
    const { fetch, posts } = service({ answers: [receipt] });
    const client = new TelemetryClient({ ...base, fetch });
    for (let i = 0; i < 3; i++) client.trackUsage(usage(i));
    await client.flush();
    await client.flush();
    await client.close();
    return { posts: posts.length, counters: client.counters };
  },

  tooLargeSplits: async () => {
    const tooLarge = () => new Response('{}', { status: 413 });
    const { fetch, posts } = service({ answers: [tooLarge] });
    const client = new TelemetryClient({ ...base, fetch });
    for (let i = 0; i < 10; i++) client.trackUsage(usage(i));
    await client.flush();
    await client.close();
    return { sizes: posts.map(p => p.ids.length), sent: client.counters.sent };
  },

  bufferDropsOldest: async () => {
    const { fetch, posts } = service();
    const client = new TelemetryClient({ ...base, fetch, maxBufferedRecords: 3 });
    for (let i = 0; i < 5; i++) client.trackUsage(usage(i));
    const dropped = client.counters.dropped;
    await client.flush();
    await client.close();
    return { dropped, imSent: posts.flatMap(p => JSON.parse(p.body).records.map(r => r.imSent)) };
  },

  policyAndOptIn: async () => {
    const { fetch, posts } = service({ policy: { census: 'on', usage: 'off', errors: 'opt-in' } });
    const client = new TelemetryClient({ ...base, fetch });
    await until(() => client.policy !== null);
    const error = { appName: 'JoinLauncher', errorCode: 'E1' };
    const tracked = { usage: client.trackUsage(usage(1)), errorWithoutOptIn: client.trackError(error) };
    client.errorReportingOptIn = true;
    tracked.errorWithOptIn = client.trackError(error);
    await client.flush();
    await client.close();
    return { tracked, posted: posts.map(p => ({ route: p.url.split('/').pop(), body: p.body })), suppressed: client.counters.suppressed };
  },

  unauthorizedStops: async () => {
    const refused = () => new Response('{}', { status: 401 });
    const { fetch, posts } = service({ answers: [refused] });
    const client = new TelemetryClient({ ...base, fetch });
    client.trackUsage(usage(1));
    client.trackUsage(usage(2));
    await client.flush();
    const after = client.trackUsage(usage(3));
    await client.close();
    return { posts: posts.length, after, counters: client.counters };
  },
};

process.stdout.write(`${JSON.stringify(await checks[process.argv[2]]())}\n`);
