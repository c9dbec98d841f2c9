using System.Security.Cryptography;
using System.Text;
using Support.Desk.Hosting.Http;

namespace Support.LocalHost;

/// <summary>The local stand-in for the Functions host's key check on <c>AuthorizationLevel.Function</c> routes.</summary>
internal static class FunctionKeys
{
    public const string Header = "x-functions-key";

    public static bool IsPresented(HttpRequest request, string functionKey)
    {
        string presented = request.Headers[Header].ToString() is { Length: > 0 } header ? header : request.Query["code"].ToString();
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(functionKey)));
    }

    public static IResult Refused(HttpRequest request) =>
        Problems.Create(request, StatusCodes.Status401Unauthorized, "function-key-required", "Function key required.",
            $"Send the function key as the {Header} header or the code query parameter.");
}
