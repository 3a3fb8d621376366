using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Core;

/// <summary>
/// Keyed hashing of identifiers (README, "What is stored"): HMAC-SHA256 over the UTF-8 bytes of the trimmed,
/// lower-cased value, as 64 lowercase hex characters. Keys are versioned so they can rotate; every stored
/// hash carries the version that made it.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Shortest accepted key, in bytes (the HMAC-SHA256 output size).</summary>
    public const int MinKeyBytes = 32;

    private readonly Dictionary<string, VersionedKey> _keys;

    /// <summary>Creates a pseudonymizer; throws <see cref="ArgumentException"/> naming a weak key's version or a missing current version.</summary>
    public Pseudonymizer(IReadOnlyDictionary<string, byte[]> keysByVersion, string currentVersion)
    {
        ArgumentNullException.ThrowIfNull(keysByVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(currentVersion);

        _keys = new Dictionary<string, VersionedKey>(StringComparer.Ordinal);
        foreach (var (version, key) in keysByVersion)
        {
            if (string.IsNullOrWhiteSpace(version))
            {
                throw new ArgumentException("A pseudonymization key version must not be empty.", nameof(keysByVersion));
            }

            if (key is null || key.Length < MinKeyBytes)
            {
                throw new ArgumentException(
                    $"Pseudonymization key version '{version}' must be at least {MinKeyBytes} bytes long.", nameof(keysByVersion));
            }

            _keys[version] = new VersionedKey((byte[])key.Clone()); // later changes to the caller's array cannot alter hashes
        }

        if (!_keys.ContainsKey(currentVersion))
        {
            throw new ArgumentException(
                $"The current pseudonymization key version '{currentVersion}' has no key.", nameof(currentVersion));
        }

        CurrentVersion = currentVersion;
    }

    /// <summary>The version that hashes new values.</summary>
    public string CurrentVersion { get; }

    /// <summary>Every version this instance holds a key for.</summary>
    public IReadOnlyCollection<string> Versions => _keys.Keys;

    /// <summary>Hashes with the current key.</summary>
    public string Hash(string value) => Hash(value, CurrentVersion);

    /// <summary>Hashes with the key of <paramref name="version"/> (to recompute hashes stored under an older key).</summary>
    public string Hash(string value, string version)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(version);
        if (!_keys.TryGetValue(version, out var key))
        {
            throw new ArgumentException($"No pseudonymization key has version '{version}'.", nameof(version));
        }

        var normalized = value.Trim().ToLowerInvariant();
        var length = Encoding.UTF8.GetByteCount(normalized);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(normalized, utf8);

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        key.Compute(utf8, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// One key version. HMAC instances are reused (half the cost of one-shot hashing) but are not
    /// thread-safe, so each caller borrows one from a pool that grows to the number of concurrent callers.
    /// </summary>
    private sealed class VersionedKey(byte[] key)
    {
        private readonly ConcurrentBag<HMACSHA256> _pool = [];

        public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
        {
            var hmac = _pool.TryTake(out var pooled) ? pooled : new HMACSHA256(key);
            if (!hmac.TryComputeHash(data, mac, out _))
            {
                throw new CryptographicException("The HMAC did not fit its buffer.");
            }

            _pool.Add(hmac); // only an instance that finished cleanly is reused
        }
    }

    /// <summary>
    /// The network prefix of an IP address for network-quality analysis: <c>a.b.c.0/24</c> for IPv4
    /// (IPv4-mapped IPv6 included), the /48 prefix for IPv6; null when the text is not an IP address.
    /// </summary>
    public static string? TruncateIp(string ipAddress)
    {
        ArgumentNullException.ThrowIfNull(ipAddress);
        var text = ipAddress.Trim();

        // IPAddress.TryParse also accepts shorthand such as "10" or "10.1"; only dotted quads are IPv4 here.
        var looksLikeV4 = text.Count(c => c == '.') == 3 && !text.Contains(':', StringComparison.Ordinal);
        if ((!looksLikeV4 && !text.Contains(':', StringComparison.Ordinal)) || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        }

        Array.Clear(bytes, 6, bytes.Length - 6);
        return new IPAddress(bytes) + "/48";
    }
}
