using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Support.Desk.Domain.Attachments;

public enum AttachmentKind
{
    PngScreenshot,
    JpegScreenshot,
    HttpTrace,

    /// <summary>A text or JSON log file (.log, .txt, .json), sanitized.</summary>
    LogFile,
}

/// <summary>An attachment fit to store: what it is, its bytes (a HAR already sanitized), and a content-derived ID.</summary>
public sealed record InspectedAttachment(AttachmentKind Kind, string Id, string FileName, string ContentType, byte[] Content, int Redactions);

/// <summary>Why an upload was refused: 413 for size, 415 for a type the desk does not take, 422 for a broken file.</summary>
public sealed record AttachmentRejection(int Status, string Type, string Detail);

/// <summary>
/// Decides what an uploaded file is by its content: a PNG or JPEG screenshot (structure checked: a PNG's chunks
/// and checksums up to IEND with nothing after it, a JPEG's segments from SOI through the image header to EOI),
/// an HTTP trace that <see cref="HarSanitizer"/> accepts and cleans, or a log (text or JSON named
/// <c>.log</c>, <c>.txt</c> or <c>.json</c>) that <see cref="LogSanitizer"/> cleans. The name matters only for
/// logs, and only as a claim the content must bear out. Executables, archives, documents, scripts and
/// anything else are refused.
/// </summary>
public static class AttachmentInspector
{
    public const int MaxScreenshotBytes = 10 * 1024 * 1024;
    public const int MaxTraceBytes = 25 * 1024 * 1024;
    public const int MaxLogBytes = 10 * 1024 * 1024;
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

        string? logExtension = LogExtensionOf(fileName);
        if (LooksLikeJson(content))
        {
            HarSanitizeResult har = HarSanitizer.Sanitize(content);
            switch (har.Outcome)
            {
                case HarOutcome.Sanitized:
                    return Accept(AttachmentKind.HttpTrace, har.Sanitized!, fileName, har.Redactions);
                case HarOutcome.TooComplex:
                    return Reject(422, "attachment-too-complex", har.Error!);
                case HarOutcome.NotAHar or HarOutcome.Malformed when logExtension is not null:
                    // JSON that is not a trace (or JSON lines) named as a log: a log.
                    break;
                case HarOutcome.NotAHar:
                    return Reject(422, "malformed-har", $"The file is not a valid HAR trace: {har.Error} To attach a JSON log, name it .json or .log.");
                default:
                    return Reject(422, "malformed-har", $"The file is not a valid HAR trace: {har.Error}");
            }
        }

        if (logExtension is null)
        {
            return Reject(415, "attachment-type-refused", "Only PNG or JPEG screenshots, .har HTTP traces and .log, .txt or .json log files are accepted; this file is none of these.");
        }

        if (content.Length > MaxLogBytes)
        {
            return TooLarge("Log files", MaxLogBytes);
        }

        LogSanitizeResult log = LogSanitizer.Sanitize(content, json: logExtension == ".json");
        return log.Sanitized is null
            ? Reject(log.RefusalStatus, log.RefusalStatus == 415 ? "attachment-type-refused" : "malformed-log", log.Error!)
            : Accept(AttachmentKind.LogFile, log.Sanitized, fileName, log.Redactions, logExtension);
    }

    /// <summary>.log, .txt or .json (lower case) when the name claims a log file; otherwise null.</summary>
    static string? LogExtensionOf(string? fileName)
    {
        string extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        return extension is ".log" or ".txt" or ".json" ? extension : null;
    }

    public static string ContentTypeOf(AttachmentKind kind, string extension) => kind switch
    {
        AttachmentKind.PngScreenshot => "image/png",
        AttachmentKind.JpegScreenshot => "image/jpeg",
        AttachmentKind.HttpTrace => "application/json",
        AttachmentKind.LogFile => extension == ".json" ? "application/json" : "text/plain; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown attachment kind."),
    };

    static string ExtensionOf(AttachmentKind kind) => kind switch
    {
        AttachmentKind.PngScreenshot => ".png",
        AttachmentKind.JpegScreenshot => ".jpg",
        AttachmentKind.HttpTrace => ".har",
        AttachmentKind.LogFile => ".log",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown attachment kind."),
    };

    /// <summary>
    /// A display name safe in any header or page: the given name's letters, digits, dot, dash and underscore,
    /// with the extension the content actually has.
    /// </summary>
    public static string SafeFileName(string? requested, AttachmentKind kind, string? extension = null)
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
        string fallback = kind switch
        {
            AttachmentKind.HttpTrace => "trace",
            AttachmentKind.LogFile => "log",
            _ => "screenshot",
        };
        return (name.Length == 0 ? fallback : name) + (extension ?? ExtensionOf(kind));
    }

    static (InspectedAttachment?, AttachmentRejection?) Accept(AttachmentKind kind, byte[] content, string? fileName, int redactions, string? extension = null)
    {
        // The same bytes get the same ID, so a retried upload lands on the same blob and timeline entry.
        string id = Convert.ToHexStringLower(SHA256.HashData(content))[..24];
        string fileExtension = extension ?? ExtensionOf(kind);
        return (new InspectedAttachment(kind, id, SafeFileName(fileName, kind, fileExtension), ContentTypeOf(kind, fileExtension), content, redactions), null);
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
