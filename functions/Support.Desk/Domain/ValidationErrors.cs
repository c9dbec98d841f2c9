namespace Support.Desk.Domain;

/// <summary>Every problem found in a request, keyed by the field's path (<c>requester.email</c>, <c>applications[1]</c>).</summary>
public sealed class ValidationErrors
{
    readonly SortedDictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => this.errors.Count == 0;

    public static ValidationErrors Of(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!this.errors.TryGetValue(field, out List<string>? messages))
        {
            messages = [];
            this.errors[field] = messages;
        }

        messages.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        this.errors.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
}
