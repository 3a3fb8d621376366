using System.Text;
using Azure.Core;

namespace Telemetry.Storage;

/// <summary>
/// An entity group transaction: one multipart/mixed batch holding one changeset, each operation a full
/// HTTP request with an absolute URL and a one-line JSON body, CRLF line ends. Checked before sending.
/// </summary>
internal sealed class TableBatch
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private const string Crlf = "\r\n";

    private readonly string _tableUrl;
    private readonly IReadOnlyList<TableTransactionAction> _actions;

    public TableBatch(Uri serviceUri, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        Check(actions);
        _tableUrl = $"{serviceUri.AbsoluteUri.TrimEnd('/')}/{tableName}";
        _actions = actions;
    }

    public async Task SubmitAsync(StoragePipeline pipeline, CancellationToken cancellationToken)
    {
        var batchBoundary = $"batch_{Guid.NewGuid()}";
        var body = Encoding.UTF8.GetBytes(Body(batchBoundary, $"changeset_{Guid.NewGuid()}"));
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException($"The transaction's body is {body.Length} bytes; the service takes at most {MaxBodyBytes}.", "actions");
        }

        using var message = TableRequests.Create(pipeline, RequestMethod.Post, Classifiers.Accepted, "/$batch");
        message.Request.Headers.SetValue("Content-Type", $"multipart/mixed; boundary={batchBoundary}");
        message.Request.Content = RequestContent.Create(body);
        var response = await pipeline.SendAsync(message, "TableClient.SubmitTransaction", cancellationToken).ConfigureAwait(false);
        StoragePipeline.Read(response, r => TableBatchResponse.ThrowIfFailed(r, _actions.Count));
    }

    private static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} operations; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0]?.Entity?.PartitionKey;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i]?.Entity ?? throw new ArgumentException($"Operation {i} has no entity.", nameof(actions));
            TableKeys.Validate(entity.PartitionKey, entity.RowKey);
            if (!string.Equals(entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Operation {i} is in another partition: a transaction stays within one PartitionKey.", nameof(actions));
            }

            if (!seen.Add(entity.RowKey))
            {
                throw new ArgumentException($"Operation {i} names an entity that an earlier operation already names: each entity appears once.", nameof(actions));
            }
        }
    }

    private string Body(string batchBoundary, string changesetBoundary)
    {
        var body = new StringBuilder();
        body.Append("--").Append(batchBoundary).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append(Crlf)
            .Append(Crlf);
        foreach (var action in _actions)
        {
            body.Append("--").Append(changesetBoundary).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append(Crlf);
            AppendOperation(body, action);
        }

        body.Append("--").Append(changesetBoundary).Append("--").Append(Crlf)
            .Append("--").Append(batchBoundary).Append("--").Append(Crlf);
        return body.ToString();
    }

    private void AppendOperation(StringBuilder body, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = _tableUrl + TableKeys.EntityPath(entity.PartitionKey, entity.RowKey);
        var (verb, url, ifMatch, hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", _tableUrl, null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, null, true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, action.ETag ?? "*", true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, action.ETag ?? "*", true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, action.ETag ?? "*", false),
            _ => throw new ArgumentException($"Unknown transaction action {action.ActionType}.", nameof(action)),
        };

        body.Append(verb).Append(' ').Append(url).Append(" HTTP/1.1").Append(Crlf)
            .Append("Accept: ").Append(TableRequests.Accept).Append(Crlf)
            .Append("DataServiceVersion: 3.0").Append(Crlf);
        if (ifMatch is not null)
        {
            body.Append("If-Match: ").Append(ifMatch).Append(Crlf);
        }

        if (hasBody)
        {
            // Utf8JsonWriter writes one line, which the service requires inside a batch.
            body.Append("Content-Type: application/json").Append(Crlf)
                .Append("Prefer: return-no-content").Append(Crlf)
                .Append(Crlf)
                .Append(Encoding.UTF8.GetString(TableEntityJson.Write(entity))).Append(Crlf);
        }
        else
        {
            body.Append(Crlf);
        }
    }
}
