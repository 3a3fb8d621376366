using Telemetry.Functions.Diagnostics;

namespace Telemetry.Functions.Tests.Middleware;

/// <summary>Which identity the Azure Monitor exporter signs in with, from APPLICATIONINSIGHTS_AUTHENTICATION_STRING as Bicep writes it.</summary>
public sealed class ObservabilitySettingsTests
{
    [Theory]
    [InlineData("ClientId=1b2c3d4e-0000-4000-8000-000000000001;Authorization=AAD", "1b2c3d4e-0000-4000-8000-000000000001")]
    [InlineData(" Authorization = aad ; ClientId = abc ", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=abc", null)]
    [InlineData("ClientId=abc;Authorization=Key", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void TheUserAssignedIdentityIsUsedOnlyForEntraIdAuthentication(string? authentication, string? clientId)
    {
        Assert.Equal(clientId, ObservabilityExtensions.EntraIdClientId(authentication));
    }
}
