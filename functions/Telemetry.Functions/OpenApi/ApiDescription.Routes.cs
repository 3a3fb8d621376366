using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Telemetry.Core;
using Telemetry.Functions.Admin;
using Telemetry.Functions.Http;
using Telemetry.Functions.Ingestion;
using Telemetry.Functions.Policy;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.OpenApi;

/// <summary>The routes, area by area, with the examples of the public contract.</summary>
internal sealed partial class ApiDescription
{
    private const string UnknownFieldMessage = "This field is not defined for the category; the record was not accepted.";
    private const string ExampleKey = "Qm9vdHN0cmFwLWV4YW1wbGUta2V5LW5vdC1yZWFsLTA";

    private string Timestamp => _now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private string Later(TimeSpan wait) => (_now + wait).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private void DescribeIngestion()
    {
        var census = Envelope("client", null, new JsonObject
        {
            ["id"] = "6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11",
            ["timestamp"] = Timestamp,
            ["appName"] = "iPhoneSkype",
            ["deviceModel"] = "iPhone",
            ["osName"] = "iPhoneiOS",
            ["osVersion"] = "8.3",
            ["userLanguage"] = "EN-US",
            ["userId"] = "E296D735-4F36-4E18-7C3B-52E1A02A0164",
            ["deviceId"] = "0b6e4f1a-3c2d-4e5f-8a9b-1c2d3e4f5a6b",
            ["signInAttempts"] = 3,
            ["signInFailures"] = 1,
        });
        var usage = Envelope("client", null, new JsonObject
        {
            ["id"] = "2d0f7c1b-5a4e-4b8c-9d3f-6e1a2b3c4d5e",
            ["timestamp"] = Timestamp,
            ["appName"] = "Teams",
            ["imSent"] = 12,
            ["imReceived"] = 5,
            ["meetingJoinAttempts"] = 5,
            ["meetingJoinSuccesses"] = 4,
            ["callMinutes"] = 30,
            ["features"] = new JsonObject { ["screenShare"] = 2 },
            ["federationPartner"] = "Microsoft.com",
        });
        var meetingsApp = Envelope("meetingsApp", "pool01.contoso.com", new JsonObject
        {
            ["id"] = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            ["timestamp"] = Timestamp,
            ["appName"] = "Meetings",
        });
        var unknownField = Envelope("client", null, new JsonObject
        {
            ["id"] = "7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9",
            ["timestamp"] = Timestamp,
            ["appName"] = "Teams",
            ["email"] = "amos@contoso.example",
        });
        var errors = Envelope("client", null, new JsonObject
        {
            ["id"] = "4c3b2a19-0817-4f6e-8d5c-4b3a29180716",
            ["timestamp"] = Timestamp,
            ["appName"] = "Teams",
            ["errorCode"] = "0x80004005",
            ["userOptIn"] = true,
            ["kind"] = "error",
            ["platform"] = "windows",
            ["messageDirection"] = "Incoming",
            ["conversationState"] = "Idle",
            ["conversationThreadId"] = "AdDO8hsJqilU93hQHC3OZaPR2saEA==",
            ["userId"] = "amosmarble",
            ["sipUri"] = "sip:amos.marble@contoso.example",
            ["ipAddress"] = "203.0.113.77",
            ["networkQuality"] = new JsonObject { ["jitterMs"] = 12, ["wifi"] = true },
        });

        var accepted = (Name: "", Summary: "One record, accepted and queued.", Value: Receipt(1, 1, 0, null));
        var mixed = ("mixed", "The contract's example: 10 records, 7 accepted, 2 suppressed by the tenant's policy, 1 rejected.", ApiSchemas.ToJson(
            new IngestionReceipt(10, 7, 2, 1, SuppressionReasons.DisableAutomaticSendTracing,
                [new IngestionError(4, "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", RecordErrorCodes.UnknownField, "email", UnknownFieldMessage)])));
        var noValidRecords = (Name: "no_valid_records", Summary: "The only record has a field the schema does not list.", Value: unknownField);

        IngestionOperation(TelemetryCategory.Census, "Ingest census records (always collected; they identify nobody).",
            [("census", "A census record from an iPhone client.", census)],
            [("census", accepted.Summary, accepted.Value), mixed]);
        IngestionOperation(TelemetryCategory.Usage, "Ingest usage records (unless the tenant set DisableAutomaticSendTracing).",
            [("usage", "A usage record from a Teams client.", usage),
             ("meetingsApp", "A Meetings App record: suppressed unless the pool's MeetingUxEnableTelemetry is on.", meetingsApp),
             noValidRecords],
            [("usage", accepted.Summary, accepted.Value),
             ("meetingsApp", "Suppressed: the pool does not collect Meetings App telemetry.", Receipt(1, 0, 1, SuppressionReasons.MeetingUxEnableTelemetry)),
             mixed]);
        IngestionOperation(TelemetryCategory.Errors, "Ingest error reports (only when the tenant allows it and the user opted in).",
            [("errors", "An error report from a user who opted in; userId, sipUri and ipAddress are stored only as keyed hashes.", errors)],
            [("errors", accepted.Summary, accepted.Value), mixed]);
    }

    private static JsonObject Envelope(string source, string? poolId, JsonObject record)
    {
        var envelope = new JsonObject { ["source"] = source };
        if (poolId is not null)
        {
            envelope["poolId"] = poolId;
        }

        envelope["records"] = new JsonArray(record);
        return envelope;
    }

    private static JsonNode Receipt(int received, int accepted, int suppressed, string? reason) =>
        ApiSchemas.ToJson(new IngestionReceipt(received, accepted, suppressed, 0, reason, []));

    private void IngestionOperation(
        TelemetryCategory category, string summary,
        (string Name, string Summary, JsonNode Value)[] requests, (string Name, string Summary, JsonNode Value)[] receipts)
    {
        var invalidRecords = Problems.BadRequest("no_valid_records", "Every record of the request is invalid.",
            new[] { new IngestionError(0, "7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9", RecordErrorCodes.UnknownField, "email", UnknownFieldMessage) });
        Operation(Routes.Ingestion(category), HttpMethod.Post, "Ingest" + category, summary, Caller.Client,
            Body(ApiSchemas.Envelope(category), "One category per request; records 1 to 500. The body may be gzip-compressed (Content-Encoding: gzip).", requests),
            [],
            (202, Answer("Every well-formed envelope with at least one valid record: accepted records are durably queued.", ApiSchemas.IngestionReceipt, receipts)),
            (400, ProblemAnswer("The body is not JSON, the envelope is invalid, or every record is invalid (`errors` lists them).",
                [
                    (null, Problems.BadRequest(EnvelopeErrorCodes.InvalidJson, "The body could not be read as a telemetry envelope.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.InvalidEnvelope, "The body must be a JSON object with 'source' and 'records'.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.InvalidSource, "'source' must be one of: client, meetingsApp, joinLauncher.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.MissingPoolId, "'poolId' is required when 'source' is meetingsApp or joinLauncher.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.InvalidPoolId, $"'poolId' must be {Ids.Rule}.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.NoRecords, "'records' must hold at least one record.")),
                    (null, Problems.BadRequest(EnvelopeErrorCodes.TooManyRecords, $"'records' holds 501 records; at most {IngestionLimits.MaxRecords} are allowed per request.")),
                    (null, Problems.BadRequest("invalid_gzip", "The body is not valid gzip data.")),
                    (null, invalidRecords),
                ])),
            (413, ProblemAnswer($"The body is over {IngestionLimits.MaxBodyBytes} bytes after decompression: split the batch.", (ProblemHttpResult)RequestFormat.TooLarge())),
            (415, ProblemAnswer("Not application/json in UTF-8, or a Content-Encoding other than gzip.",
                Problems.UnsupportedMediaType("unsupported_media_type", "Send the records as Content-Type: application/json."),
                Problems.UnsupportedMediaType("unsupported_charset", "Send the records as UTF-8 JSON."),
                Problems.UnsupportedMediaType("unsupported_content_encoding", "Content-Encoding may be gzip or absent."))),
            (429, WithRetryAfter(ProblemAnswer("The tenant's rate limit: retry the same records after Retry-After seconds.",
                Problems.TooManyRequests("The tenant's ingestion rate limit is exhausted; retry the same records later.")))),
            (503, WithRetryAfter(ProblemAnswer("Nothing of the request was kept: retry the same records after Retry-After seconds.",
                Problems.ServiceUnavailable("queue_unavailable", "The records could not be queued; nothing of this request was kept. Retry the same records later."),
                Problems.ServiceUnavailable("storage_unavailable", "Storage is not reachable right now; retry later."),
                Problems.ServiceUnavailable("deadline_exceeded", "Storage did not answer in time; retry later.")))));
    }

    private void DescribeClientPolicy()
    {
        Operation(Routes.Policy, HttpMethod.Get, "GetPolicy", "What the caller's tenant (and pool) collects now, per category, so that clients stop sending what would be suppressed.",
            Caller.Client, null,
            [
                Query("source", "Where the records come from.", ApiSchemas.Enum(TelemetrySources.All.Select(TelemetrySources.ToWire)), required: true, example: "client"),
                Query("poolId", "Required for meetingsApp and joinLauncher; ignored for client.", ApiSchemas.Id()),
            ],
            (200, Answer("Per category: on, off, or (client error reports) opt-in.", ApiSchemas.PolicyView,
                ("client", "A client of a tenant that collects usage.", ApiSchemas.ToJson(new PolicyView("client", CategoryAvailability.On, CategoryAvailability.On, CategoryAvailability.OptIn))),
                ("meetingsApp", "The Meetings App on a pool that does not collect.", ApiSchemas.ToJson(new PolicyView("meetingsApp", CategoryAvailability.Off, CategoryAvailability.Off, CategoryAvailability.Off))))),
            (400, ProblemAnswer("The query is not valid.",
                Problems.BadRequest("invalid_source", "The source query parameter must be client, meetingsApp or joinLauncher."),
                Problems.BadRequest("missing_pool_id", "The poolId query parameter is required for meetingsApp and joinLauncher."),
                Problems.BadRequest("invalid_pool_id", $"The poolId must match {Ids.Pattern}."))),
            (503, Shared(StorageUnavailable)));
    }

    private void DescribeTenants()
    {
        var invalidId = Problems.BadRequest("invalid_id", "The route names an invalid id.",
            new Dictionary<string, string[]> { ["tenantId"] = [$"A tenant id is {Ids.Rule}."] });
        var invalidAdminUser = Problems.BadRequest("invalid_admin_user", $"{AdminRequests.UserHeader} must be one value of 1 to 128 visible ASCII characters.",
            new Dictionary<string, string[]> { [AdminRequests.UserHeader] = ["1 to 128 visible ASCII characters (spaces allowed inside)."] });
        var validationFailed = Problems.BadRequest("validation_failed", "The body is not valid.",
            new Dictionary<string, string[]> { ["owner"] = ["Unknown field."] });

        Operation(Routes.Tenants, HttpMethod.Get, "ListTenants", "Every registered tenant, page by page.", Caller.Admin, null,
            [
                Query("limit", $"Tenants per page (default {TenantFunctions.DefaultListLimit}).", new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = TenantFunctions.MaxListLimit.ToString(CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(TenantFunctions.DefaultListLimit),
                }),
                Query("continuation", "The continuation a previous page returned.", ApiSchemas.String()),
            ],
            (200, Answer("One page, ordered by id; continuation is null on the last one.", ApiSchemas.TenantList,
                ("page", "The only page.", ApiSchemas.ToJson(new TenantPage([new TenantSummary("contoso", "Contoso", _now.AddDays(-3))], null))))),
            (400, ProblemAnswer("The query is not valid.",
                Problems.BadRequest("invalid_limit", $"limit is an integer from 1 to {TenantFunctions.MaxListLimit}."),
                Problems.BadRequest("invalid_continuation", "Not a continuation token of this list; pass back the one a previous page returned."))),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Tenant, HttpMethod.Put, "PutTenant", "Register a tenant (201, with its first ingestion key, shown only here) or rename it (200).", Caller.Admin,
            Body(ApiSchemas.TenantBody, "The tenant's name as people read it.",
                ("register", "Register a new tenant.", ApiSchemas.ToJson(new TenantBody("Contoso"))),
                ("rename", "The same PUT again, with another name, renames it.", ApiSchemas.ToJson(new TenantBody("Contoso Ltd"))),
                ("validation_failed", "A field the body does not have.", new JsonObject { ["displayName"] = "Contoso", ["owner"] = "alice" })),
            [Parameter(TenantIdParameter), Parameter(AdminUserParameter)],
            (201, WithHeaders(Answer("Registered: the first ingestion key is shown only in this answer.", ApiSchemas.RegisteredTenant,
                ("register", "The new tenant and its first key.", ApiSchemas.ToJson(new RegisteredTenant("contoso", "Contoso", "k3f09a1c2b4d5", ExampleKey)))), Location)),
            (200, Answer("Renamed.", ApiSchemas.RenamedTenant, ("rename", "Renamed.", ApiSchemas.ToJson(new RenamedTenant("contoso", "Contoso Ltd"))))),
            (400, ProblemAnswer("An invalid id, x-admin-user or body (`errors` names each field).",
                [
                    (null, invalidId),
                    (null, invalidAdminUser),
                    (null, validationFailed),
                    (null, Problems.BadRequest("invalid_json", "The body is not valid JSON.")),
                    (null, Problems.BadRequest("invalid_body", "The body must be a JSON object.")),
                ])),
            (409, ProblemAnswer("The tenant is being deleted, or other changes kept winning.",
                Problems.Create(StatusCodes.Status409Conflict, "tenant_being_deleted", "The tenant is being deleted.", $"Tenant 'contoso' is being deleted; its id can be registered again after {Later(TimeSpan.FromMinutes(30))}."),
                Problems.Create(StatusCodes.Status409Conflict, "concurrent_change", "The resource is changing.", "Other changes to the same entity kept winning; retry the request."))),
            (413, Shared(AdminBodyTooLarge)),
            (415, Shared(AdminBodyNotJson)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Tenant, HttpMethod.Get, "GetTenant", "The tenant and its key ids (never the keys).", Caller.Admin, null,
            [Parameter(TenantIdParameter)],
            (200, Answer("The tenant.", ApiSchemas.TenantView, ("tenant", "A tenant with one active and one revoked key.", ApiSchemas.ToJson(
                new TenantView("contoso", "Contoso", [new KeyView("k3f09a1c2b4d5", _now.AddDays(-3), false), new KeyView("k71b2c3d4e5f6", _now.AddDays(-1), true)]))))),
            (400, ProblemAnswer("An invalid id.", invalidId)),
            (404, Shared(UnknownTenant)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Tenant, HttpMethod.Delete, "DeleteTenant", "Delete a tenant: its keys are revoked and its policies removed at once, its rows purged in the background.", Caller.Admin, null,
            [Parameter(TenantIdParameter), Parameter(AdminUserParameter)],
            (202, Answer("Accepted: the tenant's Usage and ErrorReports rows are purged in the background until purgeBefore; until then its id cannot be registered again.",
                ApiSchemas.TenantDeletion, ("deleted", "A tenant with two keys and one pool.",
                    ApiSchemas.ToJson(new DeletedTenant("contoso", 2, 2, "queued", Later(TimeSpan.FromMinutes(30))))))),
            (400, ProblemAnswer("An invalid id or x-admin-user.", invalidId, invalidAdminUser)),
            (404, Shared(UnknownTenant)),
            (409, Shared(ConcurrentChange)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Keys, HttpMethod.Post, "IssueKey", "Issue another ingestion key (shown only in this answer).", Caller.Admin, null,
            [Parameter(TenantIdParameter), Parameter(AdminUserParameter)],
            (201, WithHeaders(Answer("The new key.", ApiSchemas.IssuedKey, ("issued", "A new key.", ApiSchemas.ToJson(new IssuedKey("k71b2c3d4e5f6", ExampleKey)))), Location)),
            (400, ProblemAnswer("An invalid id or x-admin-user.", invalidId, invalidAdminUser)),
            (404, Shared(UnknownTenant)),
            (409, Shared(ConcurrentChange)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Key, HttpMethod.Delete, "RevokeKey", "Revoke a key; every instance refuses it within the policy cache bound (30 s at most).", Caller.Admin, null,
            [Parameter(TenantIdParameter), Parameter(KeyIdParameter), Parameter(AdminUserParameter)],
            (204, NoContent("Revoked (also when it already was).")),
            (400, ProblemAnswer("An invalid id or x-admin-user.", invalidId, invalidAdminUser)),
            (404, ProblemAnswer("No such tenant, or the tenant has no such key.",
                TenantFunctions.UnknownTenant("contoso"), Problems.NotFound("unknown_key", "Tenant 'contoso' has no key 'k3f09a1c2b4d5'."))),
            (409, Shared(ConcurrentChange)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Pools, HttpMethod.Get, "ListPools", "The tenant's pools and their MeetingUxEnableTelemetry.", Caller.Admin, null,
            [Parameter(TenantIdParameter)],
            (200, Answer("The pools that have a policy entity.", ApiSchemas.PoolList, ("pools", "One pool that collects.",
                ApiSchemas.ToJson(new TenantPools("contoso", [new PoolView("pool01.contoso.com", true)]))))),
            (400, ProblemAnswer("An invalid id.", invalidId)),
            (404, Shared(UnknownTenant)),
            (503, Shared(StorageUnavailable)));

        Operation(Routes.Audit, HttpMethod.Get, "GetAudit", "Every policy and key change, newest first: when, who, what, old and new value.", Caller.Admin, null,
            [
                Parameter(TenantIdParameter),
                Query("pageSize", $"Entries per page (default {AuditFunction.DefaultPageSize}).",
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = AuditFunction.MaxPageSize.ToString(CultureInfo.InvariantCulture), Default = JsonValue.Create(AuditFunction.DefaultPageSize) }),
                Query("continuation", "The continuation a previous page returned.", ApiSchemas.String()),
            ],
            (200, Answer("One page, newest first; continuation is null on the last one.", ApiSchemas.AuditPage, ("page", "A switch turned off by alice.", ApiSchemas.ToJson(
                new AuditPage([new AuditEntry("0001", _now.AddHours(-1), "alice@contoso.com", AuditSettings.DisableAutomaticSendTracing, null, null, "false", "true", "applied")], null))))),
            (400, ProblemAnswer("An invalid id, pageSize or continuation.", invalidId,
                Problems.BadRequest("validation_failed", "The query is not valid.", new Dictionary<string, string[]> { ["pageSize"] = [$"An integer from 1 to {AuditFunction.MaxPageSize}."] }))),
            (404, Shared(UnknownTenant)),
            (503, Shared(StorageUnavailable)));
    }

    private void DescribePolicies()
    {
        SwitchOperations<TenantPolicyBody>(Routes.TenantPolicy, "TenantPolicy", ApiSchemas.TenantPolicy, "DisableAutomaticSendTracing: true stops usage and error reporting for the whole tenant.",
            [Parameter(TenantIdParameter)], ApiSchemas.ToJson(new TenantPolicyBody(false)), ("disable", "Stop usage and error reporting.", ApiSchemas.ToJson(new TenantPolicyBody(true))));
        SwitchOperations<PoolPolicyBody>(Routes.PoolPolicy, "PoolPolicy", ApiSchemas.PoolPolicy,
            "MeetingUxEnableTelemetry: true collects the pool's Meetings App and join launcher telemetry. A pool policy never written reads as false, without an ETag.",
            [Parameter(TenantIdParameter), Parameter(PoolIdParameter)], ApiSchemas.ToJson(new PoolPolicyBody(false)), ("enable", "Collect the pool's Meetings App telemetry.", ApiSchemas.ToJson(new PoolPolicyBody(true))));
    }

    /// <summary>GET and PUT of one policy switch; <typeparamref name="TBody"/> is its body of one boolean.</summary>
    private void SwitchOperations<TBody>(
        string route, string name, string schema, string summary, IOpenApiParameter[] ids, JsonNode current, (string Name, string Summary, JsonNode Value) change)
    {
        var invalidId = Problems.BadRequest("invalid_id", "The route names an invalid id.",
            new Dictionary<string, string[]> { ["tenantId"] = [$"A tenant id is {Ids.Rule}."] });
        Operation(route, HttpMethod.Get, "Get" + name, summary, Caller.Admin, null, ids,
            (200, WithHeaders(Answer("The switch, with its ETag.", schema, ("current", "The default.", current)), ETag)),
            (400, ProblemAnswer("An invalid id.", invalidId)),
            (404, Shared(UnknownTenant)),
            (503, Shared(StorageUnavailable)));
        Operation(route, HttpMethod.Put, "Put" + name, "Set it. Setting the value already stored answers 200 with the current ETag and records nothing.", Caller.Admin,
            Body(schema, "The new value.", change),
            [.. ids, Parameter(AdminUserParameter), Parameter(IfMatchParameter)],
            (200, WithHeaders(Answer("Applied, with the new ETag.", schema, change), ETag)),
            (400, ProblemAnswer("An invalid id, x-admin-user or body (`errors` names each field).",
                invalidId,
                Problems.BadRequest("validation_failed", "The body is not valid.", new Dictionary<string, string[]> { [BodySchema.For<TBody>().Keys.Single()] = ["Must be true or false."] }),
                Problems.BadRequest("invalid_json", "The body is not valid JSON."))),
            (404, Shared(UnknownTenant)),
            (409, Shared(ConcurrentChange)),
            (412, ProblemAnswer("If-Match no longer matches: read the policy again and retry.",
                Problems.PreconditionFailed("The policy changed since the ETag in If-Match was read; read it again and retry."))),
            (413, Shared(AdminBodyTooLarge)),
            (415, Shared(AdminBodyNotJson)),
            (503, Shared(StorageUnavailable)));
    }

    private void DescribeHealthAndDocument()
    {
        var checks = new JsonObject
        {
            ["queues"] = new JsonObject(Services.Storage.StorageNames.Queues.Select(q => KeyValuePair.Create(q, (JsonNode?)"ok"))),
            ["tables"] = new JsonObject(Services.Storage.StorageNames.Tables.Select(t => KeyValuePair.Create(t, (JsonNode?)"ok"))),
        };
        var incomplete = Problems.ServiceUnavailable("storage_incomplete", "A queue or table is missing; the service is creating it again.");
        Operation(Routes.Health, HttpMethod.Get, "Health", "For operators: 200 when storage answers and every queue and table exists, 503 otherwise; within 3 s either way.",
            Caller.Anyone, null, [],
            (200, Answer("Healthy.", ApiSchemas.Health, ("healthy", "Every queue and table exists.", new JsonObject { ["status"] = "healthy", ["checks"] = checks }))),
            (503, WithRetryAfter(ProblemAnswer("A queue or table did not answer or is missing; `checks` says which.",
                Problems.ServiceUnavailable("storage_unavailable", "A queue or table did not answer."), incomplete))));

        Operation(Routes.OpenApiDocument, HttpMethod.Get, OpenApiFunction.Name, "This document (OpenAPI 3.1).", Caller.Anyone, null, [],
            (200, new OpenApiResponse
            {
                Description = "The OpenAPI document.",
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    [Json] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            }));
    }
}
