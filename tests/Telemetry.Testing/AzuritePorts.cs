using System.Net;
using System.Net.Sockets;

namespace Telemetry.Testing;

/// <summary>Three loopback ports that were free a moment ago (the OS picks them when binding port 0).</summary>
internal sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static AzuritePorts Reserve()
    {
        // Hold all three listeners at once so the OS cannot hand out the same port twice.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return new AzuritePorts(ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    public Uri Endpoint(int port) => new($"http://127.0.0.1:{port}/{AzuriteServer.AccountName}");
}
