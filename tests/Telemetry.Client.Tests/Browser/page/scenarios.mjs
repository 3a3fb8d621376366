// What the browser tests do inside the page; each scenario returns what the test asserts on.
import { TelemetryClient } from '/telemetry-client.mjs';

const census = deviceId => ({
  appName: 'JoinLauncher', deviceModel: 'Browser', osName: 'Linux', osVersion: '6.1', userLanguage: 'en-US',
  userId: ' Amos.Marble@Contoso.com ', deviceId,
});
const usage = i => ({ appName: 'JoinLauncher', meetingJoinAttempts: 1, meetingJoinSuccesses: 1, imSent: i });
const error = () => ({ appName: 'JoinLauncher', errorCode: 'E_JOIN_FAILED', platform: 'web', kind: 'error', ipAddress: '203.0.113.7' });

// A scenario must end even when the service never answers (for example without CORS): give up after a minute.
const within = (promise, what) => Promise.race([
  promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 60_000)),
]);
const until = async (condition, what) => {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
};

const scenarios = {
  async everyCategory({ options, deviceId }) {
    const client = new TelemetryClient(options);
    const tracked = [await client.trackCensus(census(deviceId)), client.trackUsage(usage(1)), client.trackError(error())];
    await within(client.flush(), 'the flush');
    await client.close();
    return { tracked, counters: client.counters };
  },

  async usageBatch({ options, count }) {
    const client = new TelemetryClient(options);
    for (let i = 0; i < count; i++) client.trackUsage(usage(i));
    await within(client.flush(), 'the flush');
    await client.close();
    return { counters: client.counters };
  },

  async policyOff({ options, deviceId }) {
    const client = new TelemetryClient(options);
    await until(() => client.policy !== null, 'the policy');
    const tracked = { usage: client.trackUsage(usage(1)), errors: client.trackError(error()), census: await client.trackCensus(census(deviceId)) };
    await within(client.flush(), 'the flush');
    await client.close();
    return { policy: client.policy, tracked, counters: client.counters };
  },

  async closeSendsTheRest({ options, count }) {
    const client = new TelemetryClient({ ...options, flushIntervalMs: 600_000 });
    for (let i = 0; i < count; i++) client.trackUsage(usage(i));
    const buffered = client.bufferedRecords;
    await within(client.close(60_000), 'close');
    return { buffered, counters: client.counters };
  },

  // The test closes the page afterwards: the records must leave with it.
  async trackAndLeave({ options, count }) {
    const client = new TelemetryClient({ ...options, flushIntervalMs: 600_000 });
    await until(() => client.policy !== null, 'the policy');
    for (let i = 0; i < count; i++) client.trackUsage(usage(i));
    window.keptClient = client;
    return { buffered: client.bufferedRecords };
  },
};

window.runScenario = (name, config) => scenarios[name](config);
