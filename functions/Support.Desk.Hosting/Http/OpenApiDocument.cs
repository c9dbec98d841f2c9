using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Routes;
using OpenApiModel = Microsoft.OpenApi.OpenApiDocument;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// The OpenAPI 3.1 document, generated at start from the endpoint metadata both hosts share: methods and paths
/// from the route catalog (<see cref="SupportDeskRoutes"/>), summaries, callers, parameters and answers from
/// <see cref="ApiDescriptions"/>, and schemas from the very types the handlers answer with (System.Text.Json's
/// schema exporter, with the wire names of enums and the descriptions on the contracts). Microsoft.OpenApi then
/// reads it back: a document it finds invalid stops the desk, and it writes what is served.
/// </summary>
public static class OpenApiDocument
{
    static readonly Lazy<string> Document = new(Build);

    public static string Json => Document.Value;

    public static IResult Get() => Results.Text(Json, "application/json");

    static readonly JsonSerializerOptions SchemaOptions = new(ApiJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    static readonly Dictionary<string, string> PathParameters = new(StringComparer.Ordinal)
    {
        ["ticketId"] = "Ticket ID such as SUP-7K3M-9QXD-2F4A (case-insensitive; O, I and L read as 0, 1 and 1).",
        ["attachmentId"] = "Attachment ID (24 hex digits), derived from its content.",
    };

    static string Build()
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (IGrouping<string, DeskEndpoint> path in SupportDeskEndpoints.Api.GroupBy(e => "/" + e.Route.Template))
        {
            var item = new JsonObject();
            foreach (DeskEndpoint endpoint in path)
            {
                ApiDescription description = endpoint.Api
                    ?? throw new InvalidOperationException($"Route {endpoint.Route.Name} has no OpenAPI description in its row of {nameof(SupportDeskEndpoints)}; every API route is documented.");
                item[endpoint.Route.Method.ToLowerInvariant()] = Operation(endpoint.Route, description, schemas);
            }

            paths[path.Key] = item;
        }

        schemas["Problem"] = Schema(typeof(ProblemContract));
        var document = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Support.Functions",
                ["version"] = "1.0.0",
                ["description"] = "Enterprise support desk: ticket intake, SLA lifecycle and escalation, attachments, regional status. "
                    + "Every error, on every path, is application/problem+json (RFC 9457). Generated from the endpoints' metadata.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key", ["description"] = "The intake webhook's function key (Azure Functions key; locally LocalHost:FunctionKey). Also accepted as the `code` query parameter." },
                    ["inboundEmailBasic"] = new JsonObject { ["type"] = "http", ["scheme"] = "basic", ["description"] = "The inbound email endpoint's own credentials (InboundEmail:Credentials, user:secret), carried in SendGrid's Inbound Parse URL." },
                    ["staffKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Staff-Key", ["description"] = "A staff API key (Access:StaffKeys); the timeline records its holder." },
                    ["staffEntraId"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A Microsoft Entra ID access token for the desk API holding the staff app role (Access:Entra)." },
                    ["ticketToken"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "tkt_…", ["description"] = "A ticket's customer token: from the submission's answer and the links in the customer's emails." },
                },
            },
        };

        return Validated(document.ToJsonString());
    }

    static JsonObject Operation(RouteDefinition route, ApiDescription description, JsonObject schemas)
    {
        var parameters = new JsonArray();
        foreach (string name in route.Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = PathParameters.GetValueOrDefault(name, name),
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        foreach (ApiParameter parameter in description.Parameters ?? [])
        {
            parameters.Add(new JsonObject { ["name"] = parameter.Name, ["in"] = parameter.In, ["description"] = parameter.Meaning, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var responses = new JsonObject();
        foreach (ApiAnswer answer in description.Answers)
        {
            var response = new JsonObject { ["description"] = answer.Meaning };
            Type? body = answer.Body ?? (answer.Status >= 400 ? typeof(ProblemContract) : null);
            if (body is not null)
            {
                string contentType = answer.Body is null ? Problems.ContentType : answer.ContentType;
                response["content"] = new JsonObject { [contentType] = new JsonObject { ["schema"] = Reference(body, schemas) } };
            }

            if (answer.Headers is { Count: > 0 } headers)
            {
                response["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create<string, JsonNode?>(h, new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } })));
            }

            responses[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        var operation = new JsonObject
        {
            ["operationId"] = route.Name,
            ["summary"] = description.Summary,
            ["security"] = Security(description.Callers),
            ["responses"] = responses,
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (description.RequestBody is { } request)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [description.RequestContentType] = new JsonObject { ["schema"] = Reference(request, schemas) } },
            };
        }

        return operation;
    }

    static JsonArray Security(ApiCallers callers)
    {
        var requirements = new JsonArray();
        void Add(string scheme) => requirements.Add(new JsonObject { [scheme] = new JsonArray() });
        if (callers.HasFlag(ApiCallers.FunctionKey))
        {
            Add("functionKey");
        }

        if (callers.HasFlag(ApiCallers.InboundEmailProvider))
        {
            Add("inboundEmailBasic");
        }

        if (callers.HasFlag(ApiCallers.Customer))
        {
            Add("ticketToken");
        }

        if (callers.HasFlag(ApiCallers.Staff))
        {
            Add("staffKey");
            Add("staffEntraId");
        }

        return requirements;
    }

    /// <summary>A <c>$ref</c> to the type's schema (added to components on first use); raw bytes and free-form JSON inline.</summary>
    static JsonObject Reference(Type type, JsonObject schemas)
    {
        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" };
        }

        if (type == typeof(object))
        {
            return new JsonObject { ["type"] = "object" };
        }

        string name = type.Name.EndsWith("Contract", StringComparison.Ordinal) ? type.Name[..^"Contract".Length] : type.Name;
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = Schema(type);
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    /// <summary>The type's JSON schema as the desk serializes it, with descriptions and wire values added.</summary>
    static JsonNode Schema(Type type) => SchemaOptions.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, node) =>
        {
            if (node is not JsonObject schema)
            {
                return node;
            }

            ICustomAttributeProvider? provider = context.PropertyInfo?.AttributeProvider ?? context.TypeInfo.Type;
            if (provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).OfType<DescriptionAttribute>().FirstOrDefault() is { } about)
            {
                schema["description"] = about.Description;
            }

            if (provider?.GetCustomAttributes(typeof(WireValuesAttribute), inherit: false).OfType<WireValuesAttribute>().FirstOrDefault() is { } values)
            {
                bool nullable = schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");
                schema["enum"] = new JsonArray([.. values.Values.Select(v => (JsonNode?)v), .. nullable ? new JsonNode?[] { null } : []]);
            }

            // Nulls are left out of answers (and optional in requests): a property that may be null is not required.
            if (schema["required"] is JsonArray required && schema["properties"] is JsonObject properties)
            {
                foreach (JsonNode? name in required.ToArray())
                {
                    if (properties[name!.GetValue<string>()]?["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
                    {
                        required.Remove(name);
                    }
                }
            }

            return schema;
        },
    });

    /// <summary>Reads the generated document with Microsoft.OpenApi: any error stops the desk; its writer gives what is served.</summary>
    static string Validated(string json)
    {
        ReadResult result = OpenApiModel.Parse(json, "json");
        IEnumerable<OpenApiError> errors = [.. result.Diagnostic?.Errors ?? [], .. result.Document?.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []];
        if (result.Document is null || errors.Any())
        {
            throw new InvalidOperationException("The generated OpenAPI document is not valid: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        result.Document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
