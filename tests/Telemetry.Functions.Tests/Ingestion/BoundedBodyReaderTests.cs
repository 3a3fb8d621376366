using System.IO.Compression;
using System.Text;
using Telemetry.Functions.Ingestion;

namespace Telemetry.Functions.Tests.Ingestion;

public sealed class BoundedBodyReaderTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task BodyWithinTheLimitIsReadWhole()
    {
        var text = new string('x', Limit);

        using var body = await BoundedBodyReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), gzip: false, Limit, CancellationToken.None);

        Assert.Equal(BodyReadStatus.Complete, body.Status);
        Assert.Equal(text, Encoding.UTF8.GetString(body.Body.Span));
    }

    [Fact]
    public async Task GzipBodyIsInflated()
    {
        var text = "{\"source\":\"client\",\"records\":[]}";

        using var body = await BoundedBodyReader.ReadAsync(new MemoryStream(Gzip(Encoding.UTF8.GetBytes(text))), gzip: true, Limit, CancellationToken.None);

        Assert.Equal(BodyReadStatus.Complete, body.Status);
        Assert.Equal(text, Encoding.UTF8.GetString(body.Body.Span));
    }

    [Fact]
    public async Task GzipBombStopsBeingReadSoonAfterTheLimit()
    {
        var bomb = ZerosGzipped(512L * 1024 * 1024);
        var source = new CountingStream(bomb);

        using var body = await BoundedBodyReader.ReadAsync(source, gzip: true, Limit, CancellationToken.None);

        Assert.Equal(BodyReadStatus.TooLarge, body.Status);
        Assert.True(source.BytesRead < bomb.Length / 10, $"read {source.BytesRead} of {bomb.Length} compressed bytes");
    }

    [Fact]
    public async Task PlainBodyStopsBeingReadSoonAfterTheLimit()
    {
        var source = new CountingStream(new byte[10 * Limit]);

        using var body = await BoundedBodyReader.ReadAsync(source, gzip: false, Limit, CancellationToken.None);

        Assert.Equal(BodyReadStatus.TooLarge, body.Status);
        Assert.True(source.BytesRead <= Limit + 1, $"read {source.BytesRead} bytes");
    }

    private static byte[] ZerosGzipped(long length)
    {
        var zeros = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (long written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A read-only stream that counts what its reader took.</summary>
    private sealed class CountingStream(byte[] data) : Stream
    {
        private readonly MemoryStream inner = new(data, writable: false);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
