// Telemetry client for web pages (the join launcher's case): one dependency-free ES module.
// It batches records per category, sends them gzip-compressed with fetch, retries with exponential back-off and
// jitter (honouring Retry-After when the service exposes it), follows GET /api/v1/policy so that it stops sending
// what would be suppressed, and when the page is hidden or unloaded sends what is buffered with fetch keepalive.
// The contract is the service's public API: routes under /api/v1, the ingestion key in x-api-key.

const CATEGORIES = ['census', 'usage', 'errors'];
const MAX_RECORDS = 500;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORD_BYTES = 32 * 1024;
// Browsers keep at most 64 KiB of keepalive request bodies in flight per page; stay under it.
const KEEPALIVE_BUDGET_BYTES = 60 * 1024;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000 - 5 * 60 * 1000;
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;
const SOURCES = ['client', 'meetingsApp', 'joinLauncher'];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

// The service's field tables: [required, optional]. A field outside them would reject the record, so it is refused here.
const FIELDS = {
  census: [['appName', 'deviceModel', 'osName', 'osVersion', 'userLanguage', 'userId', 'deviceId'],
    ['appVersion', 'signInAttempts', 'signInFailures']],
  usage: [['appName'], ['appVersion', 'imSent', 'imReceived', 'callsMade', 'meetingJoinAttempts', 'meetingJoinSuccesses',
    'callMinutes', 'meetingMinutes', 'federationPartner', 'features', 'stabilityIssues']],
  errors: [['appName', 'errorCode'], ['appVersion', 'kind', 'platform', 'messageDirection', 'conversationState',
    'conversationThreadId', 'userId', 'sipUri', 'ipAddress', 'errorMessage', 'exception', 'networkQuality', 'deviceConfiguration']],
};

const DEFAULTS = {
  source: 'joinLauncher',
  poolId: undefined,
  errorReportingOptIn: false,
  maxBatchRecords: MAX_RECORDS,
  maxBatchBytes: MAX_BODY_BYTES - 64 * 1024,
  maxBufferedRecords: 1000,
  flushIntervalMs: 5000,
  policyRefreshMs: 60_000,
  initialRetryDelayMs: 1000,
  maxRetryDelayMs: 60_000,
  requestTimeoutMs: 30_000,
  compress: true,
  sendOnPageHide: true,
  fetch: undefined,
};

const encoder = new TextEncoder();

/** SHA-256 of the trimmed, lower-cased id, as 64 lowercase hex characters: the census user id as the service accepts it. */
export async function hashUserId(userId) {
  if (typeof userId !== 'string' || userId.trim() === '') throw new TypeError('userId must be a non-empty string.');
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(userId.trim().toLowerCase()));
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The wait before the next attempt after attempt `attempt` failed: half of the doubling step fixed and half random,
 * capped at maxMs, and never shorter than Retry-After (itself capped at ten minutes).
 */
export function backoffDelay(attempt, initialMs, maxMs, retryAfterMs, random = Math.random()) {
  const step = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = step / 2 + (step / 2) * random;
  return retryAfterMs > 0 ? Math.max(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS), jittered) : jittered;
}

export class TelemetryClient {
  #options;
  #fetch;
  #base;
  #queues = { census: [], usage: [], errors: [] };
  #inFlight = new Set();
  #counters = { sent: 0, suppressed: 0, rejected: 0, dropped: 0, retried: 0 };
  #policy = null;
  #policyDueAt = 0;
  #unauthorized = false;
  #pumping = null;
  #flushTimer = null;
  #policyTimer = null;
  #waiters = [];
  #drainAll = false;
  #pumpAgain = false;
  #closed = false;
  #onHide;

  /**
   * @param {object} options serviceUrl and apiKey are required; source ('client' | 'meetingsApp' | 'joinLauncher',
   *   default 'joinLauncher') and poolId (required for the last two); the rest tune batching and retries.
   */
  constructor(options) {
    const o = { ...DEFAULTS, ...options };
    const problems = [];
    if (typeof o.serviceUrl !== 'string' || !/^https?:\/\//.test(o.serviceUrl)) problems.push('serviceUrl must be an absolute http or https address');
    if (typeof o.apiKey !== 'string' || o.apiKey === '') problems.push('apiKey is required');
    if (!SOURCES.includes(o.source)) problems.push(`source must be one of ${SOURCES.join(', ')}`);
    if (o.source !== 'client' && !(typeof o.poolId === 'string' && ID_PATTERN.test(o.poolId))) problems.push(`poolId is required for source ${o.source} and must match ${ID_PATTERN}`);
    if (!(o.maxBatchRecords >= 1 && o.maxBatchRecords <= MAX_RECORDS)) problems.push(`maxBatchRecords must be 1 to ${MAX_RECORDS}`);
    if (!(o.maxBatchBytes > MAX_RECORD_BYTES && o.maxBatchBytes <= MAX_BODY_BYTES)) problems.push(`maxBatchBytes must be more than ${MAX_RECORD_BYTES} and at most ${MAX_BODY_BYTES}`);
    if (!(o.maxBufferedRecords >= 1)) problems.push('maxBufferedRecords must be at least 1');
    for (const name of ['flushIntervalMs', 'policyRefreshMs', 'initialRetryDelayMs', 'maxRetryDelayMs', 'requestTimeoutMs']) {
      if (!(o[name] > 0)) problems.push(`${name} must be a positive number of milliseconds`);
    }
    if (o.initialRetryDelayMs > o.maxRetryDelayMs) problems.push('initialRetryDelayMs must not exceed maxRetryDelayMs');
    if (problems.length) throw new TypeError(`Invalid TelemetryClient options: ${problems.join('; ')}.`);

    this.#options = o;
    this.#fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
    this.#base = o.serviceUrl.endsWith('/') ? o.serviceUrl : `${o.serviceUrl}/`;
    this.#policyTimer = setInterval(() => this.#kick(), o.policyRefreshMs);
    if (o.sendOnPageHide && typeof document !== 'undefined') {
      this.#onHide = () => { if (document.visibilityState === 'hidden') this.#sendBeforeUnload(); };
      document.addEventListener('visibilitychange', this.#onHide);
      addEventListener('pagehide', this.#onHide);
    }
    this.#kick();
  }

  /** The last policy answer ({census, usage, errors}: 'on' | 'off' | 'opt-in'), or null before the first. */
  get policy() { return this.#policy; }

  /** Totals: sent (accepted), suppressed, rejected, dropped (given up), retried (requests sent again). */
  get counters() { return { ...this.#counters }; }

  get bufferedRecords() { return CATEGORIES.reduce((n, c) => n + this.#queues[c].length, 0); }

  /** The user's own error-reporting opt-in (source 'client'); turning it off discards the error reports still buffered. */
  get errorReportingOptIn() { return this.#options.errorReportingOptIn; }

  set errorReportingOptIn(value) {
    this.#options.errorReportingOptIn = Boolean(value);
    if (!value && this.#options.source === 'client') {
      this.#counters.suppressed += this.#queues.errors.length;
      this.#queues.errors = [];
    }
  }

  /** Buffers a census record; its userId is hashed here first, so the clear id is never kept or sent. Resolves to false when it will not be sent. */
  async trackCensus(record) {
    const userId = await hashUserId(record?.userId);
    return this.#track('census', { ...record, userId });
  }

  /** Buffers a usage record; false when it will not be sent (the policy says no). */
  trackUsage(record) { return this.#track('usage', record); }

  /** Buffers an error report; false when it will not be sent (no opt-in, or the policy says no). */
  trackError(record) {
    const withOptIn = this.#options.source === 'client' ? { ...record, userOptIn: this.#options.errorReportingOptIn } : record;
    return this.#track('errors', withOptIn);
  }

  /** Sends everything buffered now; resolves once all of it was sent or given up. */
  flush() {
    if (this.#closed) return Promise.resolve();
    const done = new Promise(resolve => this.#waiters.push(resolve));
    this.#kick();
    return done;
  }

  /** Sends what is buffered (for at most timeoutMs), then stops; what is left is counted as dropped. */
  async close(timeoutMs = 10_000) {
    if (this.#closed) return;
    let timer;
    await Promise.race([this.flush(), new Promise(resolve => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
    this.#closed = true;
    clearInterval(this.#policyTimer);
    clearTimeout(this.#flushTimer);
    if (this.#onHide) {
      document.removeEventListener('visibilitychange', this.#onHide);
      removeEventListener('pagehide', this.#onHide);
    }
    for (const category of CATEGORIES) {
      this.#counters.dropped += this.#queues[category].length;
      this.#queues[category] = [];
    }
    this.#resolveWaiters();
  }

  #track(category, record) {
    if (this.#closed) throw new Error('The TelemetryClient is closed.');
    const json = serialize(category, record);
    if (this.#unauthorized) { this.#counters.dropped++; return false; }
    if (this.#suppression(category)) { this.#counters.suppressed++; return false; }
    const queue = this.#queues[category];
    if (this.bufferedRecords >= this.#options.maxBufferedRecords) this.#dropOldest();
    queue.push(json);
    if (queue.length >= this.#options.maxBatchRecords || bytesOf(queue) >= this.#options.maxBatchBytes) this.#kick();
    else if (!this.#flushTimer) this.#flushTimer = setTimeout(() => { this.#flushTimer = null; this.#kick(true); }, this.#options.flushIntervalMs);
    return true;
  }

  #suppression(category) {
    const o = this.#options;
    if (category === 'errors' && o.source === 'client' && !o.errorReportingOptIn) return 'UserOptIn';
    const answer = this.#policy?.[category] ?? 'on';
    if (answer === 'off') return o.source === 'client' ? 'DisableAutomaticSendTracing' : 'MeetingUxEnableTelemetry';
    if (answer === 'opt-in' && !o.errorReportingOptIn) return 'UserOptIn';
    return null;
  }

  #dropOldest() {
    let oldest = null;
    for (const category of CATEGORIES) {
      const head = this.#queues[category][0];
      if (head && (!oldest || head.at < this.#queues[oldest][0].at)) oldest = category;
    }
    this.#queues[oldest].shift();
    this.#counters.dropped++;
  }

  // One pump at a time: it reads the policy when due, then sends full batches (or everything when draining). A kick
  // while it runs makes it run once more, so a flush asked for as it finishes is not missed.
  #kick(drainAll = false) {
    if (this.#closed) return;
    this.#drainAll ||= drainAll;
    if (this.#pumping) { this.#pumpAgain = true; return; }
    this.#pumping = this.#run();
  }

  async #run() {
    try {
      do {
        this.#pumpAgain = false;
        await this.#pump();
      } while (this.#pumpAgain && !this.#closed);
    } finally {
      this.#pumping = null;
    }
  }

  async #pump() {
    do {
      if (Date.now() >= this.#policyDueAt) await this.#refreshPolicy();
      const drainAll = this.#drainAll || this.#waiters.length > 0;
      this.#drainAll = false;
      for (const category of CATEGORIES) {
        while (this.#queues[category].length && (drainAll || this.#hasFullBatch(category))) {
          await this.#send(category, this.#take(category, this.#options.maxBatchBytes));
        }
      }
    } while (this.#waiters.length && this.bufferedRecords > 0 && !this.#closed);
    if (this.bufferedRecords === 0) this.#resolveWaiters();
    else if (!this.#flushTimer) this.#flushTimer = setTimeout(() => { this.#flushTimer = null; this.#kick(true); }, this.#options.flushIntervalMs);
  }

  #hasFullBatch(category) {
    const queue = this.#queues[category];
    return queue.length >= this.#options.maxBatchRecords || bytesOf(queue) >= this.#options.maxBatchBytes;
  }

  #take(category, maxBytes) {
    const queue = this.#queues[category];
    const batch = [];
    let size = this.#envelope([]).length;
    while (queue.length && batch.length < this.#options.maxBatchRecords) {
      const grown = size + queue[0].bytes + (batch.length ? 1 : 0);
      if (batch.length && grown > maxBytes) break;
      batch.push(queue.shift());
      size = grown;
    }
    return batch;
  }

  #envelope(batch) {
    const head = this.#options.source === 'client'
      ? '{"source":"client","records":['
      : `{"source":${JSON.stringify(this.#options.source)},"poolId":${JSON.stringify(this.#options.poolId)},"records":[`;
    return `${head}${batch.map(r => r.json).join(',')}]}`;
  }

  async #send(category, batch) {
    this.#inFlight.add(batch);
    try {
      for (let attempt = 1; ; attempt++) {
        batch = this.#stillWanted(category, batch);
        if (!batch.length || this.#closed) { this.#counters.dropped += this.#closed ? batch.length : 0; return; }
        const outcome = await this.#post(category, batch, false);
        if (outcome.verdict === 'retry') {
          this.#counters.retried++;
          await sleep(backoffDelay(attempt, this.#options.initialRetryDelayMs, this.#options.maxRetryDelayMs, outcome.retryAfterMs));
          if (Date.now() >= this.#policyDueAt) await this.#refreshPolicy();
          continue;
        }
        if (outcome.verdict === 'split' && batch.length > 1) {
          const half = Math.floor(batch.length / 2);
          await this.#send(category, batch.slice(0, half));
          await this.#send(category, batch.slice(half));
          return;
        }
        this.#settle(category, batch, outcome);
        return;
      }
    } finally {
      this.#inFlight.delete(batch);
    }
  }

  #stillWanted(category, batch) {
    if (this.#unauthorized) { this.#counters.dropped += batch.length; return []; }
    if (this.#suppression(category)) { this.#counters.suppressed += batch.length; return []; }
    const oldest = Date.now() - MAX_AGE_MS;
    const fresh = batch.filter(r => r.at >= oldest);
    this.#counters.dropped += batch.length - fresh.length;
    return fresh;
  }

  #settle(category, batch, outcome) {
    switch (outcome.verdict) {
      case 'done':
        this.#counters.sent += outcome.accepted;
        this.#counters.suppressed += outcome.suppressed;
        this.#counters.rejected += outcome.rejected;
        if (outcome.suppressed > 0) this.#policyDueAt = 0;
        break;
      case 'unauthorized':
        this.#stopUnauthorized(batch.length);
        break;
      case 'split':
        this.#counters.rejected += batch.length;
        break;
      default:
        this.#counters.dropped += batch.length;
    }
  }

  #stopUnauthorized(alsoDropped = 0) {
    this.#unauthorized = true;
    this.#counters.dropped += alsoDropped + this.bufferedRecords;
    for (const category of CATEGORIES) this.#queues[category] = [];
  }

  // keepalive: the body is plain JSON and fetch is called before this returns, so it leaves with an unloading page.
  async #post(category, batch, keepalive) {
    const text = this.#envelope(batch);
    const headers = { 'Content-Type': 'application/json', 'x-api-key': this.#options.apiKey };
    let body = text;
    if (!keepalive && this.#options.compress && typeof CompressionStream === 'function') {
      body = await gzip(text);
      headers['Content-Encoding'] = 'gzip';
    }
    try {
      const response = await this.#fetch(`${this.#base}api/v1/${category}`, {
        method: 'POST', headers, body, keepalive, mode: 'cors', credentials: 'omit',
        signal: keepalive ? undefined : AbortSignal.timeout(this.#options.requestTimeoutMs),
      });
      return await outcomeOf(response);
    } catch {
      return { verdict: 'retry' };
    }
  }

  async #refreshPolicy() {
    const o = this.#options;
    const query = o.source === 'client' ? 'source=client' : `source=${o.source}&poolId=${encodeURIComponent(o.poolId)}`;
    const retrySoon = Math.max(Math.min(o.flushIntervalMs, o.policyRefreshMs), o.initialRetryDelayMs);
    try {
      const response = await this.#fetch(`${this.#base}api/v1/policy?${query}`, {
        headers: { 'x-api-key': o.apiKey }, mode: 'cors', credentials: 'omit', signal: AbortSignal.timeout(o.requestTimeoutMs),
      });
      if (response.status === 401 || response.status === 403) {
        this.#stopUnauthorized();
        this.#policyDueAt = Date.now() + o.policyRefreshMs;
        return;
      }
      if (!response.ok) { this.#policyDueAt = Date.now() + retrySoon; return; }
      const answer = await response.json();
      const read = v => (v === 'on' || v === 'opt-in' ? v : 'off');
      this.#policy = { census: read(answer.census), usage: read(answer.usage), errors: read(answer.errors) };
      this.#unauthorized = false;
      this.#policyDueAt = Date.now() + o.policyRefreshMs;
      for (const category of CATEGORIES) {
        if (this.#suppression(category)) { this.#counters.suppressed += this.#queues[category].length; this.#queues[category] = []; }
      }
    } catch {
      this.#policyDueAt = Date.now() + retrySoon;
    }
  }

  // The page is going away (or may be discarded while hidden): send what fits the keepalive budget now, batches in
  // flight included (the service stores a record id once, so a copy is harmless). What does not fit stays buffered
  // and is sent normally if the page comes back.
  #sendBeforeUnload() {
    if (this.#closed || this.#unauthorized) return;
    let budget = KEEPALIVE_BUDGET_BYTES;
    for (const category of CATEGORIES) {
      const inFlight = [...this.#inFlight].flat().filter(r => r.category === category);
      for (const source of [inFlight, null]) {
        while (budget > 0 && !this.#suppression(category)) {
          const batch = source ? source.splice(0, source.length) : this.#take(category, Math.min(budget, this.#options.maxBatchBytes));
          if (!batch.length) break;
          const size = this.#envelope(batch).length;
          if (size > budget) { if (!source) this.#queues[category].unshift(...batch); break; }
          budget -= size;
          const requeue = () => { if (!source) this.#queues[category].unshift(...batch); };
          this.#post(category, batch, true).then(outcome => {
            if (source) return;
            if (outcome.verdict === 'retry') { this.#counters.retried++; requeue(); this.#kick(); } else this.#settle(category, batch, outcome);
          });
          if (source) break;
        }
      }
    }
  }

  #resolveWaiters() {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function serialize(category, record) {
  if (record === null || typeof record !== 'object') throw new TypeError(`A ${category} record must be an object.`);
  const [required, optional] = FIELDS[category];
  for (const name of required) {
    if (record[name] === undefined || record[name] === null || record[name] === '') throw new TypeError(`${category} record: ${name} is required.`);
  }
  for (const name of Object.keys(record)) {
    if (!required.includes(name) && !optional.includes(name) && !(category === 'errors' && name === 'userOptIn')) {
      throw new TypeError(`${category} record: ${name} is not a field of the contract.`);
    }
  }
  const at = Date.now();
  const json = JSON.stringify({ id: crypto.randomUUID(), timestamp: new Date(at).toISOString(), ...record });
  const bytes = encoder.encode(json).length;
  if (bytes > MAX_RECORD_BYTES) throw new RangeError(`${category} record: ${bytes} bytes as JSON; the service takes at most ${MAX_RECORD_BYTES}.`);
  return { json, bytes, at, category };
}

function bytesOf(queue) {
  let total = 0;
  for (const record of queue) total += record.bytes + 1;
  return total + 128;
}

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function outcomeOf(response) {
  const status = response.status;
  if (status >= 200 && status < 300) {
    const receipt = await response.json().catch(() => ({}));
    const count = name => (Number.isInteger(receipt[name]) ? receipt[name] : 0);
    return { verdict: 'done', status, accepted: count('accepted'), suppressed: count('suppressed'), rejected: count('rejected') };
  }
  if (status === 413) return { verdict: 'split', status };
  if (status === 401 || status === 403) return { verdict: 'unauthorized', status };
  if (status === 429 || status === 408 || status >= 500) {
    // Readable cross-origin only when the service lists Retry-After in Access-Control-Expose-Headers.
    const seconds = Number(response.headers.get('Retry-After'));
    return { verdict: 'retry', status, retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0 };
  }
  return { verdict: 'refused', status };
}

function sleep(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }
