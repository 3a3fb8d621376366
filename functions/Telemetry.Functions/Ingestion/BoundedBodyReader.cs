using System.Buffers;
using System.IO.Compression;

namespace Telemetry.Functions.Ingestion;

/// <summary>What reading a request body gave.</summary>
public enum BodyReadStatus
{
    Complete,
    TooLarge,
    InvalidGzip,
}

/// <summary>
/// Reads a request body into a pooled buffer and stops as soon as it passes the limit, so an oversized
/// body (or a gzip bomb: the limit counts inflated bytes) is never held whole.
/// </summary>
public sealed class BoundedBodyReader : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private byte[]? buffer;

    private BoundedBodyReader(BodyReadStatus status, byte[]? buffer, int length)
    {
        Status = status;
        this.buffer = buffer;
        Length = length;
    }

    public BodyReadStatus Status { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Body => buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, Length);

    public static async Task<BoundedBodyReader> ReadAsync(Stream body, bool gzip, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, limit + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == Math.Min(rented.Length, limit + 1))
                {
                    rented = Grow(rented, length, Math.Min(rented.Length * 2, limit + 1));
                }

                // Never ask for more than one byte past the limit: a pooled array may be larger than requested.
                var room = Math.Min(rented.Length, limit + 1) - length;
                var read = await source.ReadAsync(rented.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new BoundedBodyReader(BodyReadStatus.Complete, rented, length);
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                    return new BoundedBodyReader(BodyReadStatus.TooLarge, null, 0);
                }
            }
        }
        catch (InvalidDataException) when (gzip)
        {
            ArrayPool<byte>.Shared.Return(rented);
            return new BoundedBodyReader(BodyReadStatus.InvalidGzip, null, 0);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static byte[] Grow(byte[] current, int used, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        current.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(current);
        return larger;
    }
}
