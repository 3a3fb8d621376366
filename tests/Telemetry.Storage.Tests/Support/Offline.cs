namespace Telemetry.Storage.Tests.Support;

/// <summary>An account whose requests go to a <see cref="RecordingTransport"/> instead of a network.</summary>
internal static class Offline
{
    public const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public static StorageAccount Account(RecordingTransport transport, int maxRetries = 0)
    {
        var options = new StorageClientOptions { Transport = transport };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return StorageAccount.FromConnectionString(ConnectionString, options);
    }
}
