using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage;

/// <summary>Signs table requests with Shared Key Lite: the date and the resource, with only the comp parameter.</summary>
internal sealed class SharedKeyLitePolicy(SharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var signature = credential.Sign(StringToSign(message.Request, credential.AccountName));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {credential.AccountName}:{signature}");
    }

    internal static string StringToSign(Request request, string accountName)
    {
        var date = request.Headers.TryGetValue("x-ms-date", out var value) ? value : string.Empty;
        var resource = $"/{accountName}{request.Uri.Path}";
        var comp = QueryParameters.Parse(request.Uri.Query).FirstOrDefault(p => p.Name == "comp");
        return comp.Name is null ? $"{date}\n{resource}" : $"{date}\n{resource}?comp={comp.Value}";
    }
}
