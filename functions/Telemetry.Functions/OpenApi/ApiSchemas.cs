using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Telemetry.Core;
using Telemetry.Functions.Admin;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.OpenApi;

/// <summary>
/// The component schemas of the OpenAPI document. Records and admin bodies are described from the rules that
/// validate them (the record field rules, the admin body records), so the document cannot drift from the checks.
/// </summary>
internal sealed class ApiSchemas(OpenApiDocument document)
{
    public const string Problem = "Problem";
    public const string RecordError = "RecordError";
    public const string IngestionReceipt = "IngestionReceipt";
    public const string PolicyView = "PolicyView";
    public const string TenantBody = "TenantBody";
    public const string RegisteredTenant = "RegisteredTenant";
    public const string RenamedTenant = "RenamedTenant";
    public const string TenantView = "TenantView";
    public const string IssuedKey = "IssuedKey";
    public const string TenantPolicy = "TenantPolicy";
    public const string PoolPolicy = "PoolPolicy";
    public const string AuditPage = "AuditPage";
    public const string TenantList = "TenantList";
    public const string PoolList = "PoolList";
    public const string TenantDeletion = "TenantDeletion";
    public const string Health = "Health";

    /// <summary>The envelope schema of a category: <c>CensusEnvelope</c>, <c>UsageEnvelope</c>, <c>ErrorsEnvelope</c>.</summary>
    public static string Envelope(TelemetryCategory category) => category + "Envelope";

    public static string Record(TelemetryCategory category) => category + "Record";

    public IOpenApiSchema Ref(string id) => new OpenApiSchemaReference(id, document);

    public void AddAll()
    {
        Add(Problem, ProblemSchema());
        Add(RecordError, RecordErrorSchema());
        foreach (var category in TelemetryCategories.All)
        {
            Add(Record(category), RecordSchema(category));
            Add(Envelope(category), EnvelopeSchema(category));
        }

        Add(IngestionReceipt, ReceiptSchema());
        Add(PolicyView, Object(
            ("source", Enum(TelemetrySources.All.Select(TelemetrySources.ToWire))),
            ("census", Enum([CategoryAvailability.On, CategoryAvailability.Off])),
            ("usage", Enum([CategoryAvailability.On, CategoryAvailability.Off])),
            ("errors", Enum([CategoryAvailability.On, CategoryAvailability.Off, CategoryAvailability.OptIn]))));
        Add(TenantBody, BodySchemaOf<TenantBody>());
        Add(TenantPolicy, BodySchemaOf<TenantPolicyBody>());
        Add(PoolPolicy, BodySchemaOf<PoolPolicyBody>());
        Add(RegisteredTenant, Object(("tenantId", Id()), ("displayName", String()), ("keyId", String()), ("key", Secret())));
        Add(RenamedTenant, Object(("tenantId", Id()), ("displayName", String())));
        Add(IssuedKey, Object(("keyId", String()), ("key", Secret())));
        Add(TenantView, Object(
            ("tenantId", Id()),
            ("displayName", Nullable(JsonSchemaType.String)),
            ("keys", Array(Object(("keyId", String()), ("createdAt", Nullable(JsonSchemaType.String, "date-time")), ("revoked", Boolean()))))));
        Add(AuditPage, Object(
            ("entries", Array(Object(
                ("id", String()),
                ("changedAt", String("date-time")),
                ("changedBy", String()),
                ("setting", Enum([AuditSettings.DisplayName, AuditSettings.DisableAutomaticSendTracing, AuditSettings.MeetingUxEnableTelemetry, AuditSettings.Key, AuditSettings.TenantDeleted])),
                ("poolId", Nullable(JsonSchemaType.String)),
                ("keyId", Nullable(JsonSchemaType.String)),
                ("oldValue", Nullable(JsonSchemaType.String)),
                ("newValue", Nullable(JsonSchemaType.String)),
                ("status", Enum(["applied", "pending"]))))),
            ("continuation", Nullable(JsonSchemaType.String))));
        Add(TenantList, Object(
            ("tenants", Array(Object(("tenantId", Id()), ("displayName", Nullable(JsonSchemaType.String)), ("createdAt", Nullable(JsonSchemaType.String, "date-time"))))),
            ("continuation", Nullable(JsonSchemaType.String))));
        Add(PoolList, Object(
            ("tenantId", Id()),
            ("pools", Array(Object(("poolId", Id()), ("meetingUxEnableTelemetry", Boolean()))))));
        Add(TenantDeletion, Object(
            ("tenantId", Id()),
            ("keysRevoked", Count()),
            ("policiesRemoved", Count()),
            ("purge", Enum(["queued"])),
            ("purgeBefore", String("date-time"))));
        var states = Map(Enum(["ok", "missing", "unavailable"]));
        Add(Health, Object(("status", Enum(["healthy"])), ("checks", Object(("queues", states), ("tables", states)))));
    }

    private void Add(string id, OpenApiSchema schema)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[id] = schema;
    }

    private OpenApiSchema ProblemSchema()
    {
        var schema = Object(
            ("type", String("uri")),
            ("title", String()),
            ("status", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "400", Maximum = "599" }),
            ("detail", String()),
            ("code", String()));
        schema.Description = "An error answer (RFC 9457). `code` is the machine-readable reason; validation problems add `errors`.";
        schema.Properties!["instance"] = String();
        schema.Properties["errors"] = new OpenApiSchema
        {
            Description = "Admin bodies and queries: field name to its problems. Ingestion: the rejected records.",
            OneOf = [Map(Array(String())), Array(Ref(RecordError))],
        };
        schema.AdditionalPropertiesAllowed = true;
        return schema;
    }

    private static OpenApiSchema RecordErrorSchema() => Object(
        ("index", Count()),
        ("id", Nullable(JsonSchemaType.String)),
        ("code", Enum([RecordErrorCodes.UnknownField, RecordErrorCodes.MissingField, RecordErrorCodes.InvalidValue, RecordErrorCodes.CleartextIdentifier,
            RecordErrorCodes.TooLarge, RecordErrorCodes.TimestampOutOfRange, RecordErrorCodes.CrashNotCollected])),
        ("field", Nullable(JsonSchemaType.String)),
        ("message", String()));

    private OpenApiSchema ReceiptSchema()
    {
        var schema = Object(
            ("received", Count()),
            ("accepted", Count()),
            ("suppressed", Count()),
            ("rejected", Count()),
            ("suppressedReason", Nullable(JsonSchemaType.String)),
            ("errors", Array(Ref(RecordError))));
        schema.Description = "Accepted records are durably queued; suppressed (by policy) and rejected records must not be retried.";
        return schema;
    }

    /// <summary>One record of a category: exactly the fields of its allow-list, nothing else.</summary>
    private static OpenApiSchema RecordSchema(TelemetryCategory category)
    {
        var rules = RecordSchemas.For(category);
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"A field that is not listed rejects the record (unknown_field). At most {IngestionLimits.MaxRecordBytes} bytes per record.",
            Properties = rules.ToDictionary(rule => rule.Name, rule => (IOpenApiSchema)FieldSchema(rule), StringComparer.Ordinal),
            Required = rules.Where(rule => rule.Presence == FieldPresence.Required).Select(rule => rule.Name).ToHashSet(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
        };
    }

    private static OpenApiSchema FieldSchema(FieldRule rule)
    {
        var schema = rule.Type switch
        {
            FieldType.Text => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MaxLength = rule.MaxLength,
                MinLength = rule.Presence == FieldPresence.Required ? 1 : null,
                Description = rule.LengthInUtf8Bytes ? $"At most {rule.MaxLength} UTF-8 bytes." : null,
            },
            FieldType.Guid => String("uuid"),
            FieldType.Timestamp => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "date-time",
                Description = $"RFC 3339 with `Z` or an offset; at most {IngestionLimits.MaxAge.TotalDays:0} days old and {IngestionLimits.MaxFutureSkew.TotalHours:0} hour ahead.",
            },
            FieldType.Count => Count(),
            FieldType.Boolean => Boolean(),
            FieldType.Choice => Enum(rule.Allowed),
            FieldType.FlatObject => FlatObject(new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean,
                MaxLength = IngestionLimits.MaxStringLength,
            }),
            FieldType.Counts => FlatObject(Count()),
            FieldType.ClientHash => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = "^(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{64})$",
                Description = "The client-side hash of the user (GUID-shaped or 64 hex characters); cleartext identifiers are refused (cleartext_identifier).",
            },
            FieldType.IpAddress => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MaxLength = IngestionLimits.MaxStringLength,
                Description = "An IPv4 or IPv6 address.",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Type, "Unknown field type."),
        };
        if (rule.Name == RecordSchemas.Kind)
        {
            schema.Default = JsonValue.Create("error");
        }

        if (rule.Presence == FieldPresence.RequiredFromClientsOnly)
        {
            schema.Description = "Required when `source` is `client`; ignored for the other sources.";
        }

        if (rule.Pseudonymized)
        {
            schema.Description = (schema.Description + " Stored only as a keyed hash.").TrimStart();
        }

        return schema;
    }

    private static OpenApiSchema FlatObject(IOpenApiSchema values) => new()
    {
        Type = JsonSchemaType.Object,
        MaxProperties = IngestionLimits.MaxObjectEntries,
        PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IngestionLimits.MaxStringLength },
        AdditionalProperties = values,
        Description = "A flat object, stored as JSON text.",
    };

    /// <summary>
    /// An ingestion request: <c>source</c>, <c>records</c> and, for the pool-scoped sources, <c>poolId</c>. Error
    /// reports from clients must state their user's opt-in.
    /// </summary>
    private OpenApiSchema EnvelopeSchema(TelemetryCategory category)
    {
        var poolScoped = TelemetrySources.All.Where(TelemetrySources.IsPoolScoped).Select(TelemetrySources.ToWire);
        var schema = Object(
            ("source", Enum(TelemetrySources.All.Select(TelemetrySources.ToWire))),
            ("records", new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, MaxItems = IngestionLimits.MaxRecords, Items = Ref(Record(category)) }));
        schema.Properties!["poolId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Pattern = Ids.Pattern,
            Description = "Required for meetingsApp and joinLauncher; ignored for client.",
        };
        schema.AdditionalPropertiesAllowed = false;
        schema.Description = $"At most {IngestionLimits.MaxBodyBytes} bytes after decompression; the body may be sent with Content-Encoding: gzip.";
        schema.AllOf =
        [
            new OpenApiSchema
            {
                If = new OpenApiSchema { Properties = new Dictionary<string, IOpenApiSchema> { ["source"] = Enum(poolScoped) }, Required = new HashSet<string> { "source" } },
                Then = new OpenApiSchema { Required = new HashSet<string> { "poolId" } },
            },
        ];
        if (category == TelemetryCategory.Errors)
        {
            schema.AllOf.Add(new OpenApiSchema
            {
                If = new OpenApiSchema { Properties = new Dictionary<string, IOpenApiSchema> { ["source"] = Enum([TelemetrySources.ToWire(TelemetrySource.Client)]) } },
                Then = new OpenApiSchema
                {
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["records"] = new OpenApiSchema { Items = new OpenApiSchema { Required = new HashSet<string> { RecordSchemas.UserOptIn } } },
                    },
                },
            });
        }

        return schema;
    }

    /// <summary>An admin body: exactly the record's camelCase properties (as the admin routes bind them) with its validation attributes.</summary>
    private static OpenApiSchema BodySchemaOf<TBody>()
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, kind) in BodySchema.For<TBody>())
        {
            var property = typeof(TBody).GetProperty(char.ToUpperInvariant(name[0]) + name[1..])!;
            var schema = kind == JsonKind.Boolean ? Boolean() : String();
            if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
            {
                schema.MinLength = Math.Max(1, length.MinimumLength);
                schema.MaxLength = length.MaximumLength;
            }

            if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
            {
                schema.Pattern = pattern.Pattern;
            }

            schema.Description = property.GetCustomAttribute<RequiredAttribute>()?.ErrorMessage;
            properties[name] = schema;
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = properties.Keys.ToHashSet(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
        };
    }

    /// <summary>An object whose listed properties are all required.</summary>
    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
        Required = properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
    };

    private static OpenApiSchema Map(IOpenApiSchema values) => new() { Type = JsonSchemaType.Object, AdditionalProperties = values };

    private static OpenApiSchema Array(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    public static OpenApiSchema String(string? format = null) => new() { Type = JsonSchemaType.String, Format = format };

    private static OpenApiSchema Secret() => new()
    {
        Type = JsonSchemaType.String,
        Pattern = "^[A-Za-z0-9_-]{43}$",
        Description = "The ingestion key, shown only in this answer.",
    };

    public static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, Pattern = Ids.Pattern };

    public static OpenApiSchema Count() => new()
    {
        Type = JsonSchemaType.Integer,
        Minimum = "0",
        Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
    };

    private static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    private static OpenApiSchema Nullable(JsonSchemaType type, string? format = null) => new() { Type = type | JsonSchemaType.Null, Format = format };

    public static OpenApiSchema Enum(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value)!)],
    };

    /// <summary>A value as the app's JSON answers write it (camelCase, nulls included).</summary>
    public static JsonNode ToJson<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!;
}
