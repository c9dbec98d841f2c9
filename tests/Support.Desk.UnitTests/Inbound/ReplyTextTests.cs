using Support.Desk.Domain.Email;
using Support.Desk.Hosting.Email;

namespace Support.Desk.UnitTests.Inbound;

/// <summary>
/// The reply without its history, from the shapes mail clients give a reply: Gmail's and Apple Mail's attribution
/// lines (also wrapped, and in other languages), Outlook's header block and separators, quoted lines (also inline
/// replies between quotes), signatures, our marker, CRLF; and HTML bodies with each client's quote markup.
/// </summary>
public class ReplyTextTests
{
    public static TheoryData<string, string> Replies() => new()
    {
        { "Okta, since Monday.\n\nOn Mon, 30 Nov 2026 at 10:00, Support Desk <support@desk.example> wrote:\n> Which identity provider?\n> Thanks", "Okta, since Monday." },
        { "Okta.\n\nOn Mon, 30 Nov 2026 at 10:00, Support Desk\n<support@desk.example> wrote:\n\n> Which identity provider?", "Okta." },
        { "Okta.\r\n\r\nOn 30 Nov 2026, at 10:00, Support Desk <support@desk.example> wrote:\r\n\r\n> Which one?\r\n", "Okta." },
        { "Okta.\n\nAm Mo., 30. Nov. 2026 um 10:00 Uhr schrieb Support Desk <support@desk.example>:\n> Welcher?", "Okta." },
        { "Okta.\n\nLe lun. 30 nov. 2026 à 10:00, Support Desk <support@desk.example> a écrit :\n> Lequel ?", "Okta." },
        { "Okta.\n\n-----Original Message-----\nFrom: Support Desk <support@desk.example>\nSent: Monday\nSubject: SUP-1", "Okta." },
        { "Okta.\n\n________________________________\nFrom: Support Desk <support@desk.example>\nSent: Monday, November 30, 2026 10:00 AM\nTo: Jane\nSubject: SUP-1", "Okta." },
        { "Okta.\n\nFrom: Support Desk <support@desk.example>\nSent: Monday, November 30, 2026 10:00 AM\nTo: Jane Doe <jane@acme.example>\nSubject: [SUP-1] More information needed", "Okta." },
        { "Okta.\n\n*From:* Support Desk\n*Sent:* Monday\n*To:* Jane", "Okta." },
        { "Okta.\n\n--\nJane Doe\nAcme Identity Team", "Okta." },
        { "Okta.\n\n-- \nJane Doe", "Okta." },
        { "Okta.\n\nSent from my iPhone\n\n> On 30 Nov", "Okta." },
        { "Okta.\n\n" + ReplyText.Marker + "\nWe need more information.", "Okta." },
        { "> Which identity provider?\nOkta.\n> Since when?\nMonday.\n", "Okta.\nMonday." },
        { "From what we see, logins fail at 10:00.\nTo reproduce: open the portal.", "From what we see, logins fail at 10:00.\nTo reproduce: open the portal." },
        { "On Monday I wrote: the config changed.\nIt still fails.", "On Monday I wrote: the config changed.\nIt still fails." },
        { "Only a quote:\n> nothing else", "Only a quote:" },
        { "   \n\n", "" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Extract_KeepsTheReply_WithoutHistoryOrSignature(string text, string expected)
    {
        Assert.Equal(expected, ReplyText.Extract(text));
    }

    public static TheoryData<string, string> HtmlReplies() => new()
    {
        { """<div dir="ltr">Okta, since <b>Monday</b>.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Support Desk wrote:</div><blockquote class="gmail_quote">Which one?</blockquote></div>""", "Okta, since Monday." },
        { """<html><head><style>p{color:red}</style></head><body><p>Okta.</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Support Desk</div><div>Which one?</div></body></html>""", "Okta." },
        { """<div>Okta.</div><blockquote type="cite">On 30 Nov, Support Desk wrote:<br>Which one?</blockquote>""", "Okta." },
        { """<div>Okta.</div><div class="yahoo_quoted">On Monday, Support Desk wrote: Which one?</div>""", "Okta." },
        { """<p>Line one<br>Line two</p><script>alert(1)</script><p>&lt;b&gt;not bold&lt;/b&gt; &amp; more</p>""", "Line one\nLine two\n\n<b>not bold</b> & more" },
        { """<p>Unclosed <b>tags <i>everywhere""", "Unclosed tags everywhere" },
    };

    [Theory]
    [MemberData(nameof(HtmlReplies))]
    public void HtmlToText_DropsEachClientsQuoteMarkup_AndKeepsTheTextAsText(string html, string expected)
    {
        Assert.Equal(expected, ReplyText.Extract(new AngleSharpHtmlToText().Convert(html)));
    }
}
