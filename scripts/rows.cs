#:package Azure.Data.Tables
// Prints the rows of one table of the service's storage, to see what was stored:
//   dotnet run scripts/rows.cs -- <table> [<OData filter>] [<max rows>]
//   dotnet run scripts/rows.cs -- ErrorReports "TenantId eq 'demo'"
// Storage: AzureWebJobsStorage when set, else the local emulator (UseDevelopmentStorage=true).
using Azure.Data.Tables;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run scripts/rows.cs -- <Census|Usage|ErrorReports|Policies|PolicyAudit> [<filter>] [<max rows, default 20>]");
    return args.Length == 0 ? 2 : 0;
}

var connection = Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } set ? set : "UseDevelopmentStorage=true";
var table = new TableClient(connection, args[0]);
var filter = args.Length > 1 && args[1].Length > 0 ? args[1] : null;
var max = args.Length > 2 && int.TryParse(args[2], out var parsed) ? parsed : 20;
var shown = 0;
await foreach (var row in table.QueryAsync<TableEntity>(filter))
{
    var properties = row.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey")).OrderBy(p => p.Key, StringComparer.Ordinal);
    Console.WriteLine($"{row.PartitionKey} / {row.RowKey}");
    foreach (var (name, value) in properties)
    {
        Console.WriteLine($"    {name} = {value}");
    }

    if (++shown >= max)
    {
        break;
    }
}

Console.WriteLine(shown switch { 0 => "(no rows)", 1 => "(1 row shown)", _ => $"({shown} rows shown)" });
return 0;
