using System.Text.Json;
using Support.Desk.Domain;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.UnitTests;

/// <summary>The generated OpenAPI document: valid, complete, and in step with what the handlers accept and answer.</summary>
public class OpenApiDocumentTests
{
    static readonly JsonDocument Document = JsonDocument.Parse(OpenApiDocument.Json);

    static JsonElement Schema(string name) => Document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    static string[] Properties(string schema) => [.. Schema(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void Document_IsOpenApi31_AndDescribesEveryRouteOfTheCatalog()
    {
        Assert.StartsWith("3.1", Document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        string[] documented = [.. Document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}")).Order(StringComparer.Ordinal)];

        Assert.Equal(SupportDeskEndpoints.Api.Select(e => $"{e.Route.Method} /{e.Route.Template}").Order(StringComparer.Ordinal), documented);
    }

    [Theory]
    [InlineData("TicketSubmission")]
    [InlineData("AgentResponse")]
    [InlineData("TicketUpdate")]
    [InlineData("Resolution")]
    [InlineData("Confirmation")]
    [InlineData("Reassignment")]
    public void RequestSchemas_ListExactlyTheFieldsTheStrictReadersAccept(string schema)
    {
        IReadOnlyList<string> accepted = schema switch
        {
            "TicketSubmission" => TicketSubmissionReader.KnownFields,
            "AgentResponse" => TicketCommandReaders.ResponseFields,
            "TicketUpdate" => TicketCommandReaders.UpdateFields,
            "Resolution" => TicketCommandReaders.ResolutionFields,
            "Confirmation" => TicketCommandReaders.ConfirmationFields,
            _ => TicketCommandReaders.ReassignFields,
        };

        Assert.Equal(accepted.Order(StringComparer.Ordinal), Properties(schema));
    }

    [Fact]
    public void EveryErrorAnswer_IsAProblemDocument_AndEveryOperationSaysWhoMayCallIt()
    {
        foreach (JsonProperty path in Document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} names no callers");
                foreach (JsonProperty answer in operation.Value.GetProperty("responses").EnumerateObject().Where(a => a.Name[0] is '4' or '5' && a.Name != "503" || a.Name == "503" && path.Name != "/api/health"))
                {
                    Assert.Equal("#/components/schemas/Problem", answer.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
                }
            }
        }
    }

    [Fact]
    public void EnumLikeFields_ListTheirWireNames()
    {
        JsonElement severity = Schema("TicketSubmission").GetProperty("properties").GetProperty("severity");

        Assert.Equal(WireNames.AllOf<Severity>(), severity.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!));
        Assert.Contains("log-file", Schema("Attachment").GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }
}
