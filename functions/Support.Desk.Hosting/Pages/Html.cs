using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Markup that is already safe. Pages are written as <c>Html.Of($"…")</c>: every value interpolated into the
/// template is HTML-encoded unless it is itself <see cref="Html"/>, so output encoding is what happens when nobody
/// thinks about it, and raw text can only enter through <see cref="Trusted"/> (literals of our own).
/// </summary>
public readonly record struct Html(string Value)
{
    public static Html Empty { get; } = new(string.Empty);

    public static Html Of([InterpolatedStringHandlerArgument] ref HtmlTemplate template) => template.ToHtml();

    /// <summary>Markup written in this code base (never user data).</summary>
    public static Html Trusted(string markup) => new(markup);

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Html When(bool condition, Html html) => condition ? html : Empty;

    public override string ToString() => this.Value;
}

/// <summary>The interpolated-string handler behind <see cref="Html.Of"/>: literals as written, values encoded.</summary>
[InterpolatedStringHandler]
public ref struct HtmlTemplate
{
    readonly StringBuilder builder;

    public HtmlTemplate(int literalLength, int formattedCount)
    {
        this.builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string literal) => this.builder.Append(literal);

    public readonly void AppendFormatted(Html html) => this.builder.Append(html.Value);

    public readonly void AppendFormatted(IEnumerable<Html> parts)
    {
        foreach (Html part in parts)
        {
            this.builder.Append(part.Value);
        }
    }

    public readonly void AppendFormatted(string? text) => this.builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));

    /// <summary>Any other value: markup (one or a list, whatever its static type) as is; everything else as encoded text.</summary>
    public readonly void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Html html:
                this.AppendFormatted(html);
                break;
            case IEnumerable<Html> parts:
                this.AppendFormatted(parts);
                break;
            case IFormattable formattable:
                this.AppendFormatted(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                this.AppendFormatted(value?.ToString());
                break;
        }
    }

    public readonly void AppendFormatted<T>(T value, string format)
        where T : struct, IFormattable => this.AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>A missing value writes nothing.</summary>
    public readonly void AppendFormatted<T>(T? value, string format)
        where T : struct, IFormattable => this.AppendFormatted(value?.ToString(format, CultureInfo.InvariantCulture));

    internal readonly Html ToHtml() => new(this.builder.ToString());
}
