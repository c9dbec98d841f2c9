using System.Collections.Frozen;
using System.Text;

namespace Support.Desk.Domain;

/// <summary>
/// Kebab-case names used on the wire and in storage for every enum (<c>HomeGrown</c> is <c>home-grown</c>),
/// so a renamed C# member never silently changes the API.
/// </summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        if (text is not null && Cache<TEnum>.FromWire.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParse(text, out TEnum value)
            ? value
            : throw new FormatException($"'{text}' is not a known {typeof(TEnum).Name}.");

    public static IReadOnlyList<string> AllOf<TEnum>()
        where TEnum : struct, Enum => Cache<TEnum>.Names;

    static string ToKebabCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => ToKebabCase(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<TEnum>().Select(v => ToWire[v])];
    }
}
