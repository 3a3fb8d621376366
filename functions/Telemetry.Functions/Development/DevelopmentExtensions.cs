namespace Telemetry.Functions.Development;

/// <summary>Development environment only: the demo tenant and its printed sample requests.</summary>
public static class DevelopmentExtensions
{
    public static IHostApplicationBuilder AddDevelopmentDemo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DemoTenantSeeder>();
        }

        return builder;
    }
}
