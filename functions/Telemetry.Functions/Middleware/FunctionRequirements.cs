using System.Collections.Concurrent;

namespace Telemetry.Functions.Middleware;

/// <summary>On a function class: every caller must send a tenant's ingestion key in x-api-key.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class RequiresIngestionKeyAttribute : Attribute;

/// <summary>On a function class: every caller must send the admin key in x-admin-key.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class RequiresAdminKeyAttribute : Attribute;

/// <summary>Which of those marks the class behind an invocation carries, so that each middleware applies once, where it belongs.</summary>
internal static class FunctionRequirements
{
    private static readonly ConcurrentDictionary<string, Type?> Classes = new(StringComparer.Ordinal);

    public static bool RequiresIngestionKey(FunctionContext context) => Has<RequiresIngestionKeyAttribute>(context);

    public static bool RequiresAdminKey(FunctionContext context) => Has<RequiresAdminKeyAttribute>(context);

    private static bool Has<TAttribute>(FunctionContext context)
        where TAttribute : Attribute =>
        Classes.GetOrAdd(context.FunctionDefinition.EntryPoint, ClassOf)?.IsDefined(typeof(TAttribute), inherit: false) == true;

    // The entry point is "Namespace.Class.Method".
    private static Type? ClassOf(string entryPoint) =>
        typeof(FunctionRequirements).Assembly.GetType(entryPoint[..Math.Max(0, entryPoint.LastIndexOf('.'))]);
}
