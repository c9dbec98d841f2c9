using Support.Desk.Hosting.Pages;

namespace Support.Desk.UnitTests.Pages;

/// <summary>
/// Output encoding by construction: every value interpolated into a page template is encoded for HTML text and for
/// quoted attributes, whatever it holds. The corpus is the ways markup and script get into a page.
/// </summary>
public class HtmlTests
{
    public static TheoryData<string> Hostile() =>
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)",
        "</textarea><script>alert(1)</script>",
        "<svg/onload=alert(1)>",
        "javascript:alert(1)",
        "&lt;script&gt;",
        "<!--",
        "]]><script>",
        "\u2028<script>\u2029",
        "`${alert(1)}`",
        "<a href=\"//evil.example\">",
        "\0<script>",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Interpolated_Text_IsEncodedInTextAndAttributes(string value)
    {
        string html = Html.Of($"""<p title="{value}">{value}</p><textarea>{value}</textarea>""").Value;

        string[] parts = html.Split(["<p title=\"", "\">", "</p><textarea>", "</textarea>"], StringSplitOptions.None);
        Assert.All(parts, p => Assert.DoesNotContain('<', p));
        Assert.All(parts, p => Assert.DoesNotContain('"', p));
        Assert.All(parts, p => Assert.DoesNotContain('\'', p));
        Assert.StartsWith("<p title=\"", html, StringComparison.Ordinal);
        Assert.EndsWith("</textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpolated_Html_IsKeptAsMarkup_AndListsAreJoined()
    {
        Html item = Html.Of($"<li>{"a<b"}</li>");

        Assert.Equal("<ul><li>a&lt;b</li><li>a&lt;b</li></ul>", Html.Of($"<ul>{new[] { item, item }}</ul>").Value);
    }

    [Fact]
    public void Interpolated_FormattedValues_UseTheInvariantCulture_AndNullWritesNothing()
    {
        var at = new DateTimeOffset(2026, 11, 30, 21, 5, 0, TimeSpan.Zero);
        DateTimeOffset? none = null;

        Assert.Equal("<t>2026-11-30 21:05</t><n></n><d>1.5</d>", Html.Of($"<t>{at:yyyy-MM-dd HH:mm}</t><n>{none:o}</n><d>{1.5}</d>").Value);
    }
}
