using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.SupportCenter;

/// <summary>
/// The signed tokens in sign-in, confirmation and unsubscribe links, from the threats: an edited field, a token of one
/// purpose offered as another, an expired one, one signed with an unknown key, splicing through separators, garbage;
/// and what must keep working (any text in a field, key rotation).
/// </summary>
public class SignedTokensTests
{
    const string Key = "unit-test-ticket-token-key-0123456789abcdef";
    static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    static readonly SignedTokens Tokens = new(new AccessOptions { TicketTokenKeys = Key });

    [Fact]
    public void Issue_ThenRead_GivesTheFieldsBack_ForAnyText()
    {
        string[] fields = ["jane.doe+support@acme.example", "acme-prod", "a.b.c", "ünïcødé 🙂", string.Empty];
        string token = Tokens.Issue(TokenPurpose.SignInLink, Now.AddMinutes(15), fields);

        Assert.Equal(fields, Tokens.Read(TokenPurpose.SignInLink, token, fields.Length, Now));
    }

    [Fact]
    public void Read_AnotherPurposesToken_IsRefused()
    {
        string unsubscribe = Tokens.Issue(TokenPurpose.Unsubscribe, null, "jane@acme.example", "us");

        Assert.Null(Tokens.Read(TokenPurpose.SubscriptionConfirmation, unsubscribe, 2, Now));
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, unsubscribe, 2, Now));
        Assert.NotNull(Tokens.Read(TokenPurpose.Unsubscribe, unsubscribe, 2, Now));
    }

    [Fact]
    public void Read_AtOrAfterExpiry_IsRefused_AndNoExpiryNeverExpires()
    {
        string token = Tokens.Issue(TokenPurpose.SignInLink, Now.AddMinutes(15), "a@acme.example", "acme-prod", "id");

        Assert.NotNull(Tokens.Read(TokenPurpose.SignInLink, token, 3, Now.AddMinutes(14)));
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, token, 3, Now.AddMinutes(15)));
        Assert.NotNull(Tokens.Read(TokenPurpose.Unsubscribe, Tokens.Issue(TokenPurpose.Unsubscribe, null, "a@acme.example", "us"), 2, Now.AddYears(10)));
    }

    public static TheoryData<string> Edits() => ["first-field", "second-field", "expiry", "version", "mac", "drop-field", "add-field", "swap-fields"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void Read_EditedToken_IsRefused(string edit)
    {
        string token = Tokens.Issue(TokenPurpose.SignInLink, Now.AddMinutes(15), "victim@acme.example", "acme-prod", "link");
        string[] parts = token.Split('.');
        string attacker = Convert.ToBase64String("attacker@evil.example"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string edited = edit switch
        {
            "first-field" => string.Join('.', [.. parts[..2], attacker, .. parts[3..]]),
            "second-field" => string.Join('.', [.. parts[..3], "Z2xvYmV4", .. parts[4..]]),
            "expiry" => string.Join('.', [parts[0], "0", .. parts[2..]]),
            "version" => "v2" + token[2..],
            "mac" => token[..^2] + (token[^2] == 'A' ? "BB" : "AA"),
            "drop-field" => string.Join('.', [.. parts[..4], parts[^1]]),
            "add-field" => string.Join('.', [.. parts[..^1], attacker, parts[^1]]),
            _ => string.Join('.', [parts[0], parts[1], parts[3], parts[2], .. parts[4..]]),
        };

        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, edited, 3, Now));
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, edited, edited.Split('.').Length - 3, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("....")]
    [InlineData("v1.0.!!!.!!!.!!!.x")]
    [InlineData("v1.99999999999999999999999.YQ.YQ.YQ.x")]
    [InlineData("v1.-5.YQ.YQ.YQ.x")]
    public void Read_Garbage_IsRefusedWithoutThrowing(string token)
    {
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, token, 3, Now));
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, new string('a', 5000), 3, Now));
        Assert.Null(Tokens.Read(TokenPurpose.SignInLink, null, 3, Now));
    }

    [Fact]
    public void Rotation_OldKeyStillVerifies_UnknownKeyDoesNot()
    {
        string old = Tokens.Issue(TokenPurpose.Unsubscribe, null, "a@acme.example", "eu");
        var rotated = new SignedTokens(new AccessOptions { TicketTokenKeys = "brand-new-ticket-token-key-0123456789abcdef " + Key });
        var stranger = new SignedTokens(new AccessOptions { TicketTokenKeys = "brand-new-ticket-token-key-0123456789abcdef" });

        Assert.NotNull(rotated.Read(TokenPurpose.Unsubscribe, old, 2, Now));
        Assert.Null(stranger.Read(TokenPurpose.Unsubscribe, old, 2, Now));
        Assert.NotEqual(old, rotated.Issue(TokenPurpose.Unsubscribe, null, "a@acme.example", "eu"));
    }
}
