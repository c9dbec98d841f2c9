using System.Security.Cryptography;
using System.Text;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

/// <summary>Standard Webhooks verification, checked against signatures computed here from the specification.</summary>
public class WebhookSignaturesTests
{
    // The specification's example message.
    const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const long Timestamp = 1614265330;
    static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>Computed independently: HMAC-SHA256, key = base64 after "whsec_", content = "id.timestamp.body".</summary>
    static string Expected(string secret, string id, long timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray()));
    }

    static string? Verify(string? signature, DateTimeOffset now, params string[] secrets) =>
        WebhookSignatures.Verify(Id, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body, secrets.Length == 0 ? [Secret] : secrets, now);

    [Fact]
    public void SpecificationExample_HasThePublishedSignature()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Expected(Secret, Id, Timestamp, Body));
        Assert.Equal(Expected(Secret, Id, Timestamp, Body), WebhookSignatures.Sign(Secret, Id, Timestamp, Body));
    }

    [Fact]
    public void ValidSignature_IsAccepted() => Assert.Null(Verify(Expected(Secret, Id, Timestamp, Body), At));

    [Fact]
    public void WrongSecret_IsRejected()
    {
        string other = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another-secret-of-32-bytes-long!"));

        Assert.NotNull(Verify(Expected(other, Id, Timestamp, Body), At));
    }

    [Fact]
    public void TamperedBody_IsRejected() =>
        Assert.NotNull(WebhookSignatures.Verify(Id, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Expected(Secret, Id, Timestamp, Body), Encoding.UTF8.GetBytes("{\"test\": 1}"), [Secret], At));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void TimestampOutsideFiveMinutes_IsRejected(int skewSeconds) =>
        Assert.Contains("five minutes", Verify(Expected(Secret, Id, Timestamp, Body), At.AddSeconds(skewSeconds)), StringComparison.Ordinal);

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void TimestampWithinFiveMinutes_IsAccepted(int skewSeconds) => Assert.Null(Verify(Expected(Secret, Id, Timestamp, Body), At.AddSeconds(skewSeconds)));

    [Fact]
    public void RotatedSecrets_EitherSecretVerifies()
    {
        string next = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.Null(Verify(Expected(next, Id, Timestamp, Body), At, Secret, next));
        Assert.Null(Verify(Expected(Secret, Id, Timestamp, Body), At, Secret, next));
    }

    [Fact]
    public void SeveralSignatures_OneValidIsEnough()
    {
        string header = $"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,{Expected(Secret, Id, Timestamp, Body)[3..]} {Expected(Secret, Id, Timestamp, Body)}";

        Assert.Null(Verify(header, At));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OQ=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OQ=")]
    [InlineData("v1,not base64!")]
    public void MissingOrMalformedSignature_IsRejected(string? header) => Assert.NotNull(Verify(header, At));

    [Fact]
    public void NonNumericTimestamp_IsRejected() =>
        Assert.NotNull(WebhookSignatures.Verify(Id, "yesterday", Expected(Secret, Id, Timestamp, Body), Body, [Secret], At));
}
