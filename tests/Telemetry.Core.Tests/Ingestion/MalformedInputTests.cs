using System.Text;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Ingestion;

public class MalformedInputTests
{
    // Bytes that steer mutations towards JSON's structure and escapes rather than plain text.
    private static readonly byte[] Interesting =
        [.. Encoding.UTF8.GetBytes("{}[]\":,\\u0d8Ff-1.e+ntrl \t\n"), 0x00, 0x7F, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98, 0x80, 0xFF];

    [Theory]
    [InlineData(TelemetryCategory.Census)]
    [InlineData(TelemetryCategory.Usage)]
    [InlineData(TelemetryCategory.Errors)]
    public void Thousands_of_mutated_bodies_are_answered_and_never_throw(TelemetryCategory category)
    {
        var random = new Random(20261120 + (int)category);
        var original = Bodies.Utf8(Bodies.Envelope("client", Bodies.Sample(category), Bodies.Sample(category)));
        var answered = 0;

        for (var i = 0; i < 3_000; i++)
        {
            var body = Mutate(original, random);

            var result = EnvelopeReader.Read(body, category, Bodies.Now);

            // Either the whole body is refused, or every record is accounted for exactly once.
            Assert.True(result.Error is not null || result.Valid.Count + result.Errors.Count == result.Received);
            answered++;
        }

        Assert.Equal(3_000, answered);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var body = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && body.Count > 0; e++)
        {
            var at = random.Next(body.Count);
            switch (random.Next(4))
            {
                case 0:
                    body[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    body.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    body.RemoveAt(at);
                    break;
                default:
                    body.RemoveRange(at, body.Count - at);
                    break;
            }
        }

        return [.. body];
    }
}
