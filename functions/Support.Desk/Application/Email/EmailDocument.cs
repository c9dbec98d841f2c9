using System.Globalization;
using System.Net;
using System.Text;

namespace Support.Desk.Application.Email;

/// <summary>
/// A simple email layout (greeting, paragraphs, facts, bullet list, quoted text, links) rendered as both
/// plain text and HTML from one description, so the two parts never drift apart. All text is HTML-encoded.
/// </summary>
internal sealed class EmailDocument
{
    readonly List<(string Kind, string[] Parts)> blocks = [];

    /// <summary>A paragraph; an empty one is left out, so optional text can be added unconditionally.</summary>
    public EmailDocument Paragraph(string text) => string.IsNullOrEmpty(text) ? this : this.Add("p", text);

    public EmailDocument Facts(params (string Label, string Value)[] facts) => this.Add("facts", [.. facts.SelectMany(f => new[] { f.Label, f.Value })]);

    public EmailDocument Bullets(params string[] items) => this.Add("ul", items);

    public EmailDocument Quote(string? text) => string.IsNullOrWhiteSpace(text) ? this : this.Add("quote", text);

    public EmailDocument Link(string label, string url) => this.Add("a", label, url);

    public string Text()
    {
        var text = new StringBuilder();
        foreach ((string kind, string[] parts) in this.blocks)
        {
            switch (kind)
            {
                case "facts":
                    for (int i = 0; i < parts.Length; i += 2)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{parts[i]}: {parts[i + 1]}\n");
                    }

                    break;
                case "ul":
                    foreach (string item in parts)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"- {item}\n");
                    }

                    break;
                case "quote":
                    foreach (string line in parts[0].Split('\n'))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"> {line.TrimEnd('\r')}\n");
                    }

                    break;
                case "a":
                    text.Append(CultureInfo.InvariantCulture, $"{parts[0]}: {parts[1]}\n");
                    break;
                default:
                    text.Append(parts[0]).Append('\n');
                    break;
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public string Html()
    {
        var html = new StringBuilder();
        foreach ((string kind, string[] parts) in this.blocks)
        {
            switch (kind)
            {
                case "facts":
                    html.Append("<table>");
                    for (int i = 0; i < parts.Length; i += 2)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{E(parts[i])}</th><td>{E(parts[i + 1])}</td></tr>");
                    }

                    html.Append("</table>");
                    break;
                case "ul":
                    html.Append("<ul>");
                    foreach (string item in parts)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<li>{E(item)}</li>");
                    }

                    html.Append("</ul>");
                    break;
                case "quote":
                    html.Append(CultureInfo.InvariantCulture, $"<blockquote style=\"white-space:pre-wrap\">{E(parts[0])}</blockquote>");
                    break;
                case "a":
                    html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(parts[1])}\">{E(parts[0])}</a></p>");
                    break;
                default:
                    html.Append(CultureInfo.InvariantCulture, $"<p>{E(parts[0])}</p>");
                    break;
            }
        }

        return html.ToString();
    }

    EmailDocument Add(string kind, params string[] parts)
    {
        this.blocks.Add((kind, parts));
        return this;
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
