using Azure;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;
using Telemetry.Services.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Storage;

/// <summary>Queues and tables that disappear under the running services are created again, once, and the call is run once more.</summary>
public class StorageResourcesTests
{
    [Fact]
    public async Task AKeyLookupThatFindsThePoliciesTableMissingCreatesItAndAnswersFromTheNewTable()
    {
        await using var services = await TestServices.StartAsync();
        await services.Tables.Policies.DeleteAsync();

        var tenant = await services.Get<TenantDirectory>().FindTenantByKeyAsync(IngestionKeys.NewKey());

        Assert.Null(tenant);
        Assert.True(await services.ExistsAsync(services.Tables.Policies));
    }

    [Fact]
    public async Task EveryMissingQueueAndTableIsCreatedAgainNotOnlyTheOneACallNeeded()
    {
        await using var services = await TestServices.StartAsync();
        await services.Tables.Policies.DeleteAsync();
        await services.Tables.Audit.DeleteAsync();
        await services.Queues.For(Core.TelemetryCategory.Usage).DeleteAsync();

        await services.Get<TenantDirectory>().GetPolicyAsync("contoso", null);

        Assert.True(await services.ExistsAsync(services.Tables.Audit));
        Assert.True((await services.Queues.For(Core.TelemetryCategory.Usage).ExistsAsync()).Value);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneRoundOfCreating()
    {
        await using var services = await TestServices.StartAsync(create: false);
        var resources = services.Get<StorageResources>();
        var held = services.Transport.HoldWhen(IsCreateTable);

        var callers = Enumerable.Range(0, 10).Select(_ => resources.CreateAsync()).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(services.Transport.Requests.Count(IsCreateTable) >= StorageNames.Tables.Count));
        held.SetResult();
        await Task.WhenAll(callers);

        Assert.Equal(StorageNames.Tables.Count, services.Transport.Requests.Count(IsCreateTable));
    }

    [Fact]
    public async Task ACallThatStillFindsItsTableMissingAfterCreatingIsNotRunAThirdTime()
    {
        await using var services = await TestServices.StartAsync();
        var calls = 0;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => services.Get<StorageResources>().RunAsync<int>(_ =>
        {
            calls++;
            throw new RequestFailedException(404, "The table specified does not exist.", "TableNotFound", null);
        }));

        Assert.True(StorageResources.IsMissing(error));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task AFailedRoundOfCreatingReachesTheCallerWithoutRunningTheCallAgain()
    {
        await using var services = await TestServices.StartAsync();
        await services.Tables.Policies.DeleteAsync();
        services.Transport.FailWhen(IsCreateTable);
        var calls = 0;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => services.Get<StorageResources>().RunAsync(async token =>
        {
            calls++;
            return await services.Tables.Policies.FindAsync("tenant", "contoso", cancellationToken: token);
        }));

        Assert.True(error is RequestFailedException or AggregateException, error.GetType().Name);
        Assert.False(StorageResources.IsMissing(error));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AMissingTableIsNeverMistakenForAMissingEntity()
    {
        await using var services = await TestServices.StartAsync();
        await services.Tables.Policies.DeleteAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => services.Tables.Policies.FindAsync("key", "0123"));

        Assert.True(StorageResources.IsMissing(error));
        Assert.Null(await services.Tables.Audit.FindAsync("tenant", "nobody"));
    }

    private static bool IsCreateTable(StorageRequest request) => request.Method == "POST" && request.Path == "/Tables";
}
