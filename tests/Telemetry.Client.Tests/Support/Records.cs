namespace Telemetry.Client.Tests.Support;

/// <summary>Small valid records of each category.</summary>
public static class Records
{
    public static CensusRecord Census(string userId = "amos.marble@contoso.com") => new()
    {
        AppName = "iPhoneSkype",
        DeviceModel = "iPhone",
        OsName = "iPhoneiOS",
        OsVersion = "8.3",
        UserLanguage = "EN-US",
        UserId = userId,
        DeviceId = Guid.NewGuid(),
        SignInAttempts = 2,
        SignInFailures = 0,
    };

    public static UsageRecord Usage(long imSent = 12) => new()
    {
        AppName = "Teams",
        AppVersion = "1.2.3",
        ImSent = imSent,
        ImReceived = 5,
        MeetingJoinAttempts = 5,
        MeetingJoinSuccesses = 4,
        FederationPartner = "Microsoft.com",
        Features = new Dictionary<string, long> { ["screenShare"] = 3 },
    };

    public static ErrorRecord Error(ClientPlatform platform = ClientPlatform.Web) => new()
    {
        AppName = "Teams",
        ErrorCode = "E_CALL_DROPPED",
        Kind = ErrorKind.Error,
        Platform = platform,
        MessageDirection = MessageDirection.Incoming,
        ConversationState = "Idle",
        UserId = "amosmarble",
        IpAddress = "203.0.113.7",
        NetworkQuality = new Dictionary<string, object> { ["jitterMs"] = 12, ["wifi"] = true },
    };
}
