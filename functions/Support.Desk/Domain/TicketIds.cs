using System.Security.Cryptography;
using System.Text;

namespace Support.Desk.Domain;

/// <summary>
/// Ticket IDs such as <c>SUP-7K3M-9QXD-2F4A</c>: 60 bits in Crockford base32 (no I, L, O, U), safe in URLs
/// and email subjects, easy to read aloud. Idempotent submissions derive the ID from tenant and key, so a
/// repeated request lands on the same storage row and the table itself rejects the duplicate.
/// </summary>
public static class TicketIds
{
    const string Prefix = "SUP-";
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const int Symbols = 12;

    public static string NewRandom()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Format(BitConverter.ToUInt64(bytes));
    }

    /// <summary>
    /// The ID a key names. A key holds for a limited time; once the ticket it named is older than that, the same key
    /// names a new ticket, at the next <paramref name="generation"/> (generation 0 is the original derivation).
    /// </summary>
    public static string FromIdempotencyKey(string tenant, string idempotencyKey, int generation = 0)
    {
        string subject = generation == 0 ? $"{tenant}\n{idempotencyKey}" : $"{tenant}\n{idempotencyKey}\n{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(subject));
        return Format(BitConverter.ToUInt64(hash, 0));
    }

    /// <summary>Accepts lowercase and the usual look-alikes (O for 0, I and L for 1); null when malformed.</summary>
    public static string? Normalize(string? candidate)
    {
        if (candidate is null || candidate.Length != Prefix.Length + Symbols + 2
            || !candidate.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var builder = new StringBuilder(Prefix, candidate.Length);
        for (int i = Prefix.Length; i < candidate.Length; i++)
        {
            char c = char.ToUpperInvariant(candidate[i]);
            bool dashPosition = (i - Prefix.Length) % 5 == 4;
            if (dashPosition)
            {
                if (c != '-')
                {
                    return null;
                }

                builder.Append('-');
                continue;
            }

            c = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    static string Format(ulong value)
    {
        Span<char> chars = stackalloc char[Prefix.Length + Symbols + 2];
        Prefix.AsSpan().CopyTo(chars);
        int position = Prefix.Length;
        for (int i = 0; i < Symbols; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                chars[position++] = '-';
            }

            chars[position++] = Alphabet[(int)((value >> (i * 5)) & 31)];
        }

        return new string(chars);
    }
}
