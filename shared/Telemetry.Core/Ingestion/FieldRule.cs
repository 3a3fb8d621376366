namespace Telemetry.Core;

/// <summary>The shapes a record field can take.</summary>
internal enum FieldType
{
    /// <summary>A string of at most <see cref="FieldRule.MaxLength"/> characters (or UTF-8 bytes, see <see cref="FieldRule.LengthInUtf8Bytes"/>).</summary>
    Text,

    /// <summary>A GUID in "D" format.</summary>
    Guid,

    /// <summary>An RFC 3339 date-time with an offset.</summary>
    Timestamp,

    /// <summary>An integer from 0 to <see cref="int.MaxValue"/>.</summary>
    Count,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of <see cref="FieldRule.Allowed"/>, exact case.</summary>
    Choice,

    /// <summary>A flat object: at most 100 entries whose values are strings, numbers or booleans.</summary>
    FlatObject,

    /// <summary>A flat object of feature name to count.</summary>
    Counts,

    /// <summary>A client-side hash: GUID-shaped or 64 hex characters (census userId).</summary>
    ClientHash,

    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress,
}

/// <summary>One allowed field of a category's schema.</summary>
internal sealed record FieldRule(string Name, FieldType Type, FieldPresence Presence = FieldPresence.Optional)
{
    /// <summary>Encoded name, for allocation-free matching against JSON property names.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Name);

    public int MaxLength { get; init; } = IngestionLimits.MaxStringLength;

    /// <summary>True when <see cref="MaxLength"/> counts UTF-8 bytes (the KiB bounds) instead of characters.</summary>
    public bool LengthInUtf8Bytes { get; init; }

    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>True for identifiers that are stored only as keyed hashes (<c>&lt;Field&gt;Hash</c>).</summary>
    public bool Pseudonymized { get; init; }

    /// <summary>The Table Storage property name: the field name in PascalCase.</summary>
    public string PropertyName { get; } = char.ToUpperInvariant(Name[0]) + Name[1..];
}

/// <summary>Whether a field must be present.</summary>
internal enum FieldPresence
{
    Optional,
    Required,

    /// <summary>Required when the source is <c>client</c>; ignored (and dropped) for the other sources.</summary>
    RequiredFromClientsOnly,
}
