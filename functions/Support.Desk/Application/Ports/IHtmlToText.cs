namespace Support.Desk.Application.Ports;

/// <summary>An HTML email body as plain text, without what mail clients mark as quoted history.</summary>
public interface IHtmlToText
{
    string Convert(string html);
}
