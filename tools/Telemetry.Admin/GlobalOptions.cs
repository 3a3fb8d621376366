using System.CommandLine;

namespace Telemetry.Admin;

/// <summary>The options every command takes; each falls back to an environment variable.</summary>
internal static class GlobalOptions
{
    public const string UrlVariable = "TELEMETRY_URL";
    public const string AdminKeyVariable = "TELEMETRY_ADMIN_KEY";
    public const string AdminUserVariable = "TELEMETRY_ADMIN_USER";
    public const string FunctionKeyVariable = "TELEMETRY_FUNCTION_KEY";

    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"The service's base address, e.g. http://127.0.0.1:7071 (default: ${UrlVariable}).",
        Recursive = true,
    };

    public static readonly Option<string?> AdminKey = new("--admin-key")
    {
        Description = $"The admin key, sent as x-admin-key and never printed (default: ${AdminKeyVariable}).",
        Recursive = true,
    };

    public static readonly Option<string?> AdminUser = new("--admin-user")
    {
        Description = $"Who the audit trail records for a change, sent as x-admin-user (default: ${AdminUserVariable}).",
        Recursive = true,
    };

    public static readonly Option<string?> FunctionKey = new("--function-key")
    {
        Description = $"In Azure: the function key the admin functions require, sent as x-functions-key (default: ${FunctionKeyVariable}).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON for scripts instead of tables (errors go to stderr as JSON too).",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Url, AdminKey, AdminUser, FunctionKey, Json })
        {
            root.Options.Add(option);
        }
    }
}
