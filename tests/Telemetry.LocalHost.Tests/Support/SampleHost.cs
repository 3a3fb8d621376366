using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telemetry.Testing;

namespace Telemetry.LocalHost.Tests.Support;

/// <summary>
/// The sample app under a local host on a free port, on the shared Azurite, with queue names of its own so that
/// tests never see each other's messages. Logs are collected, not printed.
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    private readonly List<Seen> _seen = [];

    private SampleHost(LocalFunctionsHost host, AzuriteServer azurite, SampleQueues queues, FakeLogCollector logs, ILoggerFactory loggerFactory)
    {
        Host = host;
        Azurite = azurite;
        Queues = queues;
        Logs = logs;
        LoggerFactory = loggerFactory;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    public LocalFunctionsHost Host { get; }

    public AzuriteServer Azurite { get; }

    public SampleQueues Queues { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Http { get; }

    private ILoggerFactory LoggerFactory { get; }

    /// <summary>The settings every sample run needs: the storage connection and its queue names.</summary>
    public static async Task<(AzuriteServer Azurite, SampleQueues Queues, Dictionary<string, string?> Settings)> PrepareAsync()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var queues = SampleQueues.Create();
        return (azurite, queues, queues.Settings(azurite.ConnectionString));
    }

    public static async Task<SampleHost> StartAsync(
        Action<Dictionary<string, string?>>? settings = null,
        Func<LocalHostOptions, LocalHostOptions>? options = null,
        Func<AzuriteServer, SampleQueues, Task>? beforeStart = null)
    {
        var (azurite, queues, values) = await PrepareAsync();
        settings?.Invoke(values);
        if (beforeStart is not null)
        {
            await beforeStart(azurite, queues);
        }

        var logs = new FakeLogCollector();
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new FakeLoggerProvider(logs)));
        var hostOptions = new LocalHostOptions
        {
            ScriptRoot = SampleApp.Directory,
            Port = 0,
            ReadLocalSettings = false,
            Settings = values,
        };
        try
        {
            var host = await LocalFunctionsHost.StartAsync(options?.Invoke(hostOptions) ?? hostOptions, loggerFactory);
            return new SampleHost(host, azurite, queues, logs, loggerFactory);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    public QueueClient Queue(string name, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = encoding });

    public async Task<SendReceipt> SendAsync(string queueName, string text, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queue = Queue(queueName, encoding);
        await queue.CreateIfNotExistsAsync();
        return (await queue.SendMessageAsync(text)).Value;
    }

    /// <summary>Reads what the sample functions recorded until <paramref name="done"/> holds for it.</summary>
    public async Task<IReadOnlyList<Seen>> WaitForSeenAsync(Func<IReadOnlyList<Seen>, bool> done, string what, TimeSpan? deadline = null)
    {
        var queue = Queue(Queues.Seen, QueueMessageEncoding.None);
        await Eventually.TrueAsync(
            async () =>
            {
                if (await queue.ExistsAsync())
                {
                    foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                    {
                        _seen.Add(JsonSerializer.Deserialize<Seen>(message.Body.ToString())!);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                }

                return done(_seen);
            },
            what,
            deadline,
            LogTail);
        return [.. _seen];
    }

    /// <summary>The last log lines, for a failure message.</summary>
    public string LogTail() => string.Join(Environment.NewLine, Logs.GetSnapshot().TakeLast(40).Select(r => $"{r.Level} {r.Category}: {r.Message}"));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Http.Dispose();
        LoggerFactory.Dispose();
    }
}
