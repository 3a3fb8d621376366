using Azure.Core;

namespace Telemetry.Storage;

/// <summary>The answers each operation accepts; anything else becomes a <see cref="StorageRequestException"/>.</summary>
internal static class Classifiers
{
    public static readonly ResponseClassifier Ok = new StatusCodeClassifier([200]);
    public static readonly ResponseClassifier Created = new StatusCodeClassifier([201]);
    public static readonly ResponseClassifier Accepted = new StatusCodeClassifier([202]);
    public static readonly ResponseClassifier NoContent = new StatusCodeClassifier([204]);
    public static readonly ResponseClassifier CreatedOrNoContent = new StatusCodeClassifier([201, 204]);
    public static readonly ResponseClassifier OkOrNotFound = new StatusCodeClassifier([200, 404]);
    public static readonly ResponseClassifier NoContentOrNotFound = new StatusCodeClassifier([204, 404]);
    public static readonly ResponseClassifier CreatedOrConflict = new StatusCodeClassifier([201, 204, 409]);
}
