using Telemetry.Services.Administration;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Administration;

/// <summary>When the Policies table does not answer, administration fails: it never answers "unknown tenant" or a default.</summary>
public sealed class AdministrationOutageTests
{
    [Fact]
    public async Task ReadsAndChangesFailRatherThanAnsweringUnknownTenant()
    {
        await using var services = await TestServices.StartAsync();
        await services.Get<TenantAdministration>().RegisterOrRenameAsync("contoso", "Contoso", "alice");
        services.Transport.FailWhen(_ => true);

        await Assert.ThrowsAnyAsync<Exception>(() => services.Get<TenantAdministration>().GetAsync("contoso"));
        await Assert.ThrowsAnyAsync<Exception>(() => services.Get<PolicyAdministration>().GetAsync("contoso", PolicySwitch.Tenant("contoso")));
        await Assert.ThrowsAnyAsync<Exception>(() => services.Get<PolicyAdministration>().SetAsync("contoso", PolicySwitch.Tenant("contoso"), true, null, "alice"));
        await Assert.ThrowsAnyAsync<Exception>(() => services.Get<AuditTrail>().ListAsync("contoso", 10, null));
    }
}
