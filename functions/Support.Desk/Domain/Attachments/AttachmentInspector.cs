using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Support.Desk.Domain.Attachments;

public enum AttachmentKind
{
    PngScreenshot,
    JpegScreenshot,
    HttpTrace,
}

/// <summary>An attachment fit to store: what it is, its bytes (a HAR already sanitized), and a content-derived ID.</summary>
public sealed record InspectedAttachment(AttachmentKind Kind, string Id, string FileName, string ContentType, byte[] Content, int Redactions);

/// <summary>Why an upload was refused: 413 for size, 415 for a type the desk does not take, 422 for a broken file.</summary>
public sealed record AttachmentRejection(int Status, string Type, string Detail);

/// <summary>
/// Decides what an uploaded file is by its content, never its name or declared type: a PNG or JPEG screenshot
/// (structure checked: a PNG's chunks and checksums up to IEND with nothing after it, a JPEG's segments from
/// SOI through the image header to EOI), or an HTTP trace that <see cref="HarSanitizer"/> accepts and
/// cleans. Executables, archives, documents, scripts and anything else are refused.
/// </summary>
public static class AttachmentInspector
{
    public const int MaxScreenshotBytes = 10 * 1024 * 1024;
    public const int MaxTraceBytes = 25 * 1024 * 1024;
    public const int MaxUploadBytes = MaxTraceBytes;
    public const int MaxImageDimension = 16_384;

    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Well-known starts of files that are never a screenshot or a trace.</summary>
    static readonly (byte[] Magic, string What)[] Refused =
    [
        ("MZ"u8.ToArray(), "a Windows executable"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an ELF executable"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a Mach-O executable"),
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive or Office document"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ("#!"u8.ToArray(), "a script"),
        ([0x1F, 0x8B], "a gzip archive"),
        ("Rar!"u8.ToArray(), "a RAR archive"),
        ("7z"u8.ToArray(), "a 7-Zip archive"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an OLE (legacy Office) document"),
    ];

    public static (InspectedAttachment? Attachment, AttachmentRejection? Rejection) Inspect(byte[] content, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return Reject(422, "empty-attachment", "The file is empty.");
        }

        if (content.AsSpan().StartsWith(PngSignature))
        {
            return content.Length > MaxScreenshotBytes
                ? TooLarge("Screenshots", MaxScreenshotBytes)
                : CheckPng(content) is { } pngProblem
                    ? Reject(422, "malformed-image", $"The file starts like a PNG but is not a valid one: {pngProblem}")
                    : Accept(AttachmentKind.PngScreenshot, content, fileName, redactions: 0);
        }

        if (content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return content.Length > MaxScreenshotBytes
                ? TooLarge("Screenshots", MaxScreenshotBytes)
                : CheckJpeg(content) is { } jpegProblem
                    ? Reject(422, "malformed-image", $"The file starts like a JPEG but is not a valid one: {jpegProblem}")
                    : Accept(AttachmentKind.JpegScreenshot, content, fileName, redactions: 0);
        }

        foreach ((byte[] magic, string what) in Refused)
        {
            if (content.AsSpan().StartsWith(magic))
            {
                return Reject(415, "attachment-type-refused", $"The file is {what}; attach a PNG or JPEG screenshot or a .har HTTP trace.");
            }
        }

        if (content.Length > MaxTraceBytes)
        {
            return TooLarge("HTTP traces", MaxTraceBytes);
        }

        if (!LooksLikeJson(content))
        {
            return Reject(415, "attachment-type-refused", "Only PNG or JPEG screenshots and .har HTTP traces are accepted; this file is neither.");
        }

        HarSanitizeResult har = HarSanitizer.Sanitize(content);
        return har.Sanitized is null
            ? Reject(422, "malformed-har", $"The file is not a valid HAR trace: {har.Error}")
            : Accept(AttachmentKind.HttpTrace, har.Sanitized, fileName, har.Redactions);
    }

    public static string ContentTypeOf(AttachmentKind kind) => kind switch
    {
        AttachmentKind.PngScreenshot => "image/png",
        AttachmentKind.JpegScreenshot => "image/jpeg",
        _ => "application/json",
    };

    static string ExtensionOf(AttachmentKind kind) => kind switch
    {
        AttachmentKind.PngScreenshot => ".png",
        AttachmentKind.JpegScreenshot => ".jpg",
        _ => ".har",
    };

    /// <summary>
    /// A display name safe in any header or page: the given name's letters, digits, dot, dash and underscore,
    /// with the extension the content actually has.
    /// </summary>
    public static string SafeFileName(string? requested, AttachmentKind kind)
    {
        string stem = Path.GetFileNameWithoutExtension(Path.GetFileName(requested ?? string.Empty));
        var safe = new StringBuilder();
        foreach (char c in stem)
        {
            if (safe.Length == 80)
            {
                break;
            }

            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        string name = safe.ToString().Trim('.', '_');
        return (name.Length == 0 ? (kind == AttachmentKind.HttpTrace ? "trace" : "screenshot") : name) + ExtensionOf(kind);
    }

    static (InspectedAttachment?, AttachmentRejection?) Accept(AttachmentKind kind, byte[] content, string? fileName, int redactions)
    {
        // The same bytes get the same ID, so a retried upload lands on the same blob and timeline entry.
        string id = Convert.ToHexStringLower(SHA256.HashData(content))[..24];
        return (new InspectedAttachment(kind, id, SafeFileName(fileName, kind), ContentTypeOf(kind), content, redactions), null);
    }

    static (InspectedAttachment?, AttachmentRejection?) Reject(int status, string type, string detail) => (null, new AttachmentRejection(status, type, detail));

    static (InspectedAttachment?, AttachmentRejection?) TooLarge(string what, int limit) =>
        Reject(413, "attachment-too-large", $"{what} may be at most {limit / (1024 * 1024)} MiB.");

    static bool LooksLikeJson(byte[] content)
    {
        ReadOnlySpan<byte> span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        span = span.TrimStart(" \t\r\n"u8);
        return span.Length > 0 && span[0] is (byte)'{' or (byte)'[';
    }

    /// <summary>Null when the PNG's chunk structure is sound; otherwise what is wrong.</summary>
    static string? CheckPng(byte[] png)
    {
        int offset = PngSignature.Length;
        bool first = true;
        while (true)
        {
            if (png.Length - offset < 12)
            {
                return "it ends in the middle of a chunk.";
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (length > (uint)(png.Length - offset - 12))
            {
                return "a chunk claims more bytes than the file has.";
            }

            ReadOnlySpan<byte> type = png.AsSpan(offset + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(offset + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + (int)length));
            if (Crc32(png.AsSpan(offset + 4, 4 + (int)length)) != crc)
            {
                return $"the checksum of chunk {Encoding.ASCII.GetString(type)} is wrong.";
            }

            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    return "it does not begin with an image header.";
                }

                uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
                uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                if (width is 0 or > MaxImageDimension || height is 0 or > MaxImageDimension)
                {
                    return $"its size {width}x{height} is outside 1 to {MaxImageDimension} pixels a side.";
                }

                first = false;
            }

            offset += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                // Bytes after the end are how files hide inside images.
                return offset == png.Length ? null : "there are bytes after its end.";
            }
        }
    }

    /// <summary>Null when the JPEG's segments up to the scan are sound, its size is sane and it ends with EOI.</summary>
    static string? CheckJpeg(byte[] jpeg)
    {
        int offset = 2;
        bool sawFrame = false;
        while (offset + 4 <= jpeg.Length)
        {
            if (jpeg[offset] != 0xFF)
            {
                return "a segment does not start with a marker.";
            }

            byte marker = jpeg[offset + 1];
            if (marker == 0xFF)
            {
                offset++;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            if (length < 2 || offset + 2 + length > jpeg.Length)
            {
                return "a segment claims more bytes than the file has.";
            }

            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8)
                {
                    return "its frame header is too short.";
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 5));
                int width = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 7));
                if (width is 0 or > MaxImageDimension || height is 0 or > MaxImageDimension)
                {
                    return $"its size {width}x{height} is outside 1 to {MaxImageDimension} pixels a side.";
                }

                sawFrame = true;
            }

            if (marker == 0xDA)
            {
                if (!sawFrame)
                {
                    return "the image data comes before any frame header.";
                }

                return jpeg.AsSpan().EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]) ? null : "it does not end with an end-of-image marker.";
            }

            offset += 2 + length;
        }

        return "it has no image data.";
    }

    static readonly uint[] CrcTable = BuildCrcTable();

    static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    /// <summary>The CRC-32 PNG uses (ISO 3309), over chunk type and data.</summary>
    static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }
}
