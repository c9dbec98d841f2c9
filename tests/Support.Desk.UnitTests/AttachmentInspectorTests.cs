using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Support.Desk.Domain.Attachments;

namespace Support.Desk.UnitTests;

public class AttachmentInspectorTests
{
    static byte[] Fixture(params string[] path) => File.ReadAllBytes(Path.Combine([AppContext.BaseDirectory, "Fixtures", .. path]));

    static readonly byte[] Png = Fixture("images", "login-error.png");
    static readonly byte[] Jpeg = Fixture("images", "stripe.jpg");
    static readonly byte[] Har = Fixture("har", "login-flow.har");

    static AttachmentRejection Rejected(byte[] content, string? name = null)
    {
        (InspectedAttachment? accepted, AttachmentRejection? rejection) = AttachmentInspector.Inspect(content, name);
        Assert.Null(accepted);
        return rejection!;
    }

    static InspectedAttachment Accepted(byte[] content, string? name = null)
    {
        (InspectedAttachment? accepted, AttachmentRejection? rejection) = AttachmentInspector.Inspect(content, name);
        Assert.True(rejection is null, rejection?.Detail);
        return accepted!;
    }

    [Fact]
    public void Png_ByContentWhateverItsName_IsAPngScreenshotKeptByteForByte()
    {
        InspectedAttachment png = Accepted(Png, "trace.har");

        Assert.Equal(AttachmentKind.PngScreenshot, png.Kind);
        Assert.Equal("image/png", png.ContentType);
        Assert.Equal("trace.png", png.FileName);
        Assert.Equal(Png, png.Content);
    }

    [Fact]
    public void Jpeg_FromARealEncoder_IsAJpegScreenshot()
    {
        InspectedAttachment jpeg = Accepted(Jpeg, "screen shot (1).JPG");

        Assert.Equal(AttachmentKind.JpegScreenshot, jpeg.Kind);
        Assert.Equal("image/jpeg", jpeg.ContentType);
        Assert.Equal("screen_shot__1.jpg", jpeg.FileName);
    }

    [Fact]
    public void Har_IsSanitizedBeforeItIsAccepted_AndStaysAHar()
    {
        InspectedAttachment har = Accepted(Har, "login.har");

        Assert.Equal(AttachmentKind.HttpTrace, har.Kind);
        Assert.True(har.Redactions > 0);
        Assert.NotEqual(Har, har.Content);
        using JsonDocument document = JsonDocument.Parse(har.Content);
        Assert.True(document.RootElement.GetProperty("log").GetProperty("entries").GetArrayLength() > 0);
    }

    [Fact]
    public void SameContent_SameId_DifferentContent_DifferentId()
    {
        Assert.Equal(Accepted(Png, "a.png").Id, Accepted(Png, "b.png").Id);
        Assert.NotEqual(Accepted(Png).Id, Accepted(Jpeg).Id);
        Assert.Matches("^[0-9a-f]{24}$", Accepted(Png).Id);
    }

    [Fact]
    public void PngWithAnExecutableAppended_IsRefused()
    {
        byte[] polyglot = [.. Png, .. "MZ\u0090\u0000 This program cannot be run in DOS mode."u8.ToArray()];

        AttachmentRejection rejection = Rejected(polyglot);

        Assert.Equal(422, rejection.Status);
        Assert.Contains("bytes after its end", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PngWithACorruptedChunk_IsRefusedNamingTheChunk()
    {
        byte[] corrupt = [.. Png];
        corrupt[50] ^= 0xFF; // inside the IDAT data (signature 8 + IHDR 25 + IDAT length and type 8)

        Assert.Contains("checksum of chunk IDAT", Rejected(corrupt).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PngClaimingAGiganticSize_IsRefused()
    {
        byte[] bomb = [.. Png];
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(16), 100_000);

        // The header's checksum no longer matches either; both are refusals of the same file.
        Assert.Equal(422, Rejected(bomb).Status);
    }

    [Fact]
    public void TruncatedImages_AreRefused()
    {
        Assert.Equal(422, Rejected(Png[..(Png.Length / 2)]).Status);
        Assert.Contains("end-of-image", Rejected(Jpeg[..^2]).Detail, StringComparison.Ordinal);
        Assert.Equal(422, Rejected([0xFF, 0xD8, 0xFF, 0xE0, 0x00]).Status);
    }

    [Theory]
    [InlineData("MZ\u0090\u0000\u0003\u0000\u0000\u0000", "Windows executable")]
    [InlineData("\u007FELF\u0002\u0001\u0001", "ELF executable")]
    [InlineData("PK\u0003\u0004\u0014\u0000", "ZIP archive")]
    [InlineData("%PDF-1.7\n", "PDF document")]
    [InlineData("#!/bin/sh\nrm -rf /\n", "a script")]
    public void ExecutablesArchivesDocumentsAndScripts_AreRefusedAs415(string start, string what)
    {
        AttachmentRejection rejection = Rejected(Encoding.Latin1.GetBytes(start + new string('x', 64)), "screenshot.png");

        Assert.Equal(415, rejection.Status);
        Assert.Contains(what, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainTextOrHtmlNamedPng_IsRefusedAs415()
    {
        Assert.Equal(415, Rejected("<html><script>alert(1)</script></html>"u8.ToArray(), "screenshot.png").Status);
        Assert.Equal(415, Rejected("just some text"u8.ToArray(), "trace.har").Status);
    }

    [Fact]
    public void JsonThatIsNotAHar_IsRefusedAs422()
    {
        AttachmentRejection rejection = Rejected("""{"hello":"world"}"""u8.ToArray(), "trace.har");

        Assert.Equal(422, rejection.Status);
        Assert.Equal("malformed-har", rejection.Type);
    }

    [Fact]
    public void HarWithARepeatedProperty_IsRefusedAs422NotAnError()
    {
        AttachmentRejection rejection = Rejected("""{"log":{"entries":[]},"log":{"entries":[]}}"""u8.ToArray(), "trace.har");

        Assert.Equal(422, rejection.Status);
        Assert.Contains("repeats a property", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAndOversizedFiles_AreRefused()
    {
        Assert.Equal(422, Rejected([]).Status);
        byte[] hugePng = new byte[AttachmentInspector.MaxScreenshotBytes + 1];
        Png.CopyTo(hugePng, 0);
        Assert.Equal(413, Rejected(hugePng).Status);
    }

    [Theory]
    [InlineData("../../etc/passwd", AttachmentKind.PngScreenshot, "passwd.png")]
    [InlineData("C:\\Users\\me\\Desktop\\error.png", AttachmentKind.PngScreenshot, "C__Users_me_Desktop_error.png")]
    [InlineData("\"quoted\"; filename=evil.exe", AttachmentKind.HttpTrace, "quoted___filename_evil.har")]
    [InlineData(null, AttachmentKind.HttpTrace, "trace.har")]
    [InlineData("...", AttachmentKind.JpegScreenshot, "screenshot.jpg")]
    public void FileNames_AreReducedToSafeCharactersWithTheContentsExtension(string? requested, AttachmentKind kind, string expected)
    {
        Assert.Equal(expected, AttachmentInspector.SafeFileName(requested, kind));
    }
}
