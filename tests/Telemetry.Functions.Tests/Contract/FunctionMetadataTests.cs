using Telemetry.Core;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The metadata the Worker SDK generated for the host against the public contract's route table and queues.</summary>
public sealed class FunctionMetadataTests
{
    /// <summary>
    /// The route table of the public contract: method, route under /api, and who calls it ("anyone": no key at all,
    /// as for the OpenAPI document).
    /// </summary>
    public static TheoryData<string, string, string> ContractRoutes => new()
    {
        { "POST", "v1/census", "client" },
        { "POST", "v1/usage", "client" },
        { "POST", "v1/errors", "client" },
        { "GET", "v1/policy", "client" },
        { "GET", "v1/admin/tenants", "admin" },
        { "PUT", "v1/admin/tenants/{tenantId}", "admin" },
        { "DELETE", "v1/admin/tenants/{tenantId}", "admin" },
        { "GET", "v1/admin/tenants/{tenantId}/pools", "admin" },
        { "GET", "v1/admin/tenants/{tenantId}", "admin" },
        { "POST", "v1/admin/tenants/{tenantId}/keys", "admin" },
        { "DELETE", "v1/admin/tenants/{tenantId}/keys/{keyId}", "admin" },
        { "GET", "v1/admin/tenants/{tenantId}/policy", "admin" },
        { "PUT", "v1/admin/tenants/{tenantId}/policy", "admin" },
        { "GET", "v1/admin/tenants/{tenantId}/pools/{poolId}/policy", "admin" },
        { "PUT", "v1/admin/tenants/{tenantId}/pools/{poolId}/policy", "admin" },
        { "GET", "v1/admin/tenants/{tenantId}/audit", "admin" },
        { "GET", "health", "operator" },
        { "GET", "openapi.json", "anyone" },
    };

    [Theory]
    [MemberData(nameof(ContractRoutes))]
    public void EveryRouteOfTheContractIsOneHttpFunctionWithTheAuthorizationItsCallersNeed(string method, string route, string caller)
    {
        var function = Assert.Single(FunctionMetadata.Http, f => f.Route == route && f.Methods.Contains(method));

        Assert.Equal(caller == "admin" ? "Function" : "Anonymous", function.AuthLevel);
        Assert.Equal(caller == "admin", function.Class.IsDefined(typeof(RequiresAdminKeyAttribute), inherit: false));
        Assert.Equal(caller == "client", function.Class.IsDefined(typeof(RequiresIngestionKeyAttribute), inherit: false));
    }

    [Fact]
    public void NoHttpFunctionServesARouteOrMethodTheContractDoesNotName()
    {
        var contract = ContractRoutes.Select(row => $"{row[0]} {row[1]}").ToHashSet(StringComparer.Ordinal);

        var served = FunctionMetadata.Http.SelectMany(f => f.Methods.Select(m => $"{m} {f.Route}")).ToList();

        Assert.All(served, route => Assert.Contains(route, contract));
        Assert.Equal(served.Count, served.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EachCategoryIsStoredByOneQueueFunctionOnTheQueueTheServiceWritesAndPurgesByAnother()
    {
        var expected = TelemetryCategories.All.ToDictionary(c => $"Process{c}", TelemetryCategories.QueueName);
        expected["PurgeTenant"] = StorageNames.TenantPurgeQueue;

        var functions = FunctionMetadata.Queue.ToDictionary(f => f.Name, f => (string?)f.Trigger["queueName"]);

        Assert.Equal(expected.OrderBy(p => p.Key), functions.OrderBy(p => p.Key)!);
        Assert.All(FunctionMetadata.Queue, f =>
        {
            Assert.Equal("AzureWebJobsStorage", (string?)f.Trigger["connection"]);
            Assert.Equal("String", (string?)f.Trigger["dataType"]);
        });
    }

    /// <summary>
    /// The Worker SDK's generated executor calls a function directly only when its class and method are public;
    /// for any other it falls back to a reflection-based executor on every invocation.
    /// </summary>
    [Fact]
    public void EveryFunctionIsAPublicMethodOfAPublicClassSoTheGeneratedExecutorCallsItDirectly()
    {
        Assert.All(FunctionMetadata.All, f =>
        {
            var methodName = f.EntryPoint[(f.EntryPoint.LastIndexOf('.') + 1)..];
            Assert.True(f.Class.IsPublic, $"{f.Class.Name} is not public");
            Assert.True(f.Class.GetMethod(methodName)?.IsPublic, $"{f.EntryPoint} is not a public method");
        });
    }
}
