using System.Text.RegularExpressions;

namespace Support.Desk.Domain.Email;

/// <summary>
/// What the customer wrote in a reply, without the history their mail client quoted below it or their signature:
/// text ends at our "reply above this line" marker, at an attribution line ("On … wrote:", in the languages mail
/// clients use), at Outlook's original-message header block or separator, or at a signature delimiter ("-- ");
/// quoted lines ("> …") go wherever they are. Plain rules over lines, no guessing from content.
/// </summary>
public static partial class ReplyText
{
    /// <summary>The line the desk's emails carry above their text, so everything under it is ours.</summary>
    public const string Marker = "##- Please type your reply above this line -##";

    public static string Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.Contains("reply above this line", StringComparison.OrdinalIgnoreCase)
                || trimmed is "-- " or "--" || line == "-- "
                || OriginalMessage().IsMatch(trimmed)
                || Attribution(lines, i)
                || OutlookHeaderBlock(lines, i)
                || MobileSignature().IsMatch(trimmed))
            {
                break;
            }

            if (!trimmed.StartsWith('>'))
            {
                kept.Add(line.TrimEnd());
            }
        }

        return string.Join('\n', kept).Trim();
    }

    /// <summary>
    /// "On Mon, 30 Nov 2026 at 10:00, Desk &lt;support@…&gt; wrote:" (or "Am … schrieb Desk &lt;…&gt;:"), possibly wrapped
    /// over up to three lines. It must name a date or an address, so a sentence of the reply such as "On Monday I
    /// wrote: …" is kept.
    /// </summary>
    static bool Attribution(string[] lines, int i)
    {
        if (!AttributionStart().IsMatch(lines[i].Trim()))
        {
            return false;
        }

        string joined = string.Join(' ', lines.Skip(i).Take(3).Select(l => l.Trim()));
        return AttributionEnd().Match(joined) is { Success: true } match && (match.Value.Contains('@', StringComparison.Ordinal) || DateOrTime().IsMatch(match.Value));
    }

    /// <summary>Outlook's block: "From: …" followed within four lines by "Sent:"/"Date:" and "To:"/"Subject:".</summary>
    static bool OutlookHeaderBlock(string[] lines, int i)
    {
        if (!HeaderLine("from|von|de|van").IsMatch(lines[i].Trim()))
        {
            return false;
        }

        string[] next = [.. lines.Skip(i + 1).Take(4).Select(l => l.Trim())];
        return next.Any(l => HeaderLine("sent|date|gesendet|envoyé|datum").IsMatch(l)) && next.Any(l => HeaderLine("to|subject|an|betreff|à|objet|aan|onderwerp").IsMatch(l));
    }

    static Regex HeaderLine(string names) => new($"^\\*?({names})\\s*:\\*?\\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|oorspronkelijk bericht|forwarded message)\s*-{2,}$|^_{20,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op|Em)\s", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op|Em)\s.{0,300}?(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\b[^:]{0,200}:", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AttributionEnd();

    [GeneratedRegex(@"\d{1,2}:\d{2}|\b\d{4}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DateOrTime();

    [GeneratedRegex(@"^(Sent from my \w+|Get Outlook for \w+|Von meinem \w+ gesendet)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MobileSignature();
}
