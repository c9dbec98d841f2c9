using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>
/// HTML email bodies as text, with AngleSharp's HTML5 parser (what browsers do with malformed markup, no script
/// run, nothing fetched). Quoted history goes first, as the mail clients mark it: <c>blockquote</c>, Gmail's
/// <c>.gmail_quote</c>, Outlook's <c>#appendonsend</c> / <c>#divRplyFwdMsg</c> and everything after them, Apple
/// Mail's <c>blockquote type=cite</c>, Yahoo's <c>.yahoo_quoted</c>. Blocks and line breaks become new lines.
/// </summary>
public sealed class AngleSharpHtmlToText : IHtmlToText
{
    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer",
    };

    public string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using IDocument document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        foreach (IElement gone in document.QuerySelectorAll("script, style, head, title, template, blockquote, .gmail_quote, .yahoo_quoted, #divRplyFwdMsg").ToList())
        {
            gone.Remove();
        }

        // Outlook puts the original message after a marker element: it and all that follows are history.
        if (document.QuerySelector("#appendonsend") is { } marker)
        {
            for (INode? node = marker; node is not null;)
            {
                INode? next = node.NextSibling ?? Ancestors(node).Select(a => a.NextSibling).FirstOrDefault(n => n is not null);
                node.RemoveFromParent();
                node = next;
            }
        }

        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document.DocumentElement, text);
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd())).Trim();
    }

    static IEnumerable<INode> Ancestors(INode node)
    {
        for (INode? parent = node.Parent; parent is not null and not IDocument; parent = parent.Parent)
        {
            yield return parent;
        }
    }

    static void Walk(INode node, StringBuilder text)
    {
        foreach (INode child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(System.Text.RegularExpressions.Regex.Replace(t.Data, @"\s+", " "));
                    break;
                case IElement e when e.LocalName == "br":
                    text.Append('\n');
                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    text.Append('\n');
                    Walk(e, text);
                    text.Append('\n');
                    break;
                case IElement e:
                    Walk(e, text);
                    break;
            }
        }
    }
}
