using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Support.Functions;

/// <summary>Lets a Functions HTTP trigger return the shared handlers' <see cref="IResult"/>.</summary>
internal sealed class HttpResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

internal static class HttpResultExtensions
{
    public static async Task<IActionResult> AsActionResult(this Task<IResult> result) =>
        new HttpResultActionResult(await result.ConfigureAwait(false));
}
