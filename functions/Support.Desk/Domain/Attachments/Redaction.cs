namespace Support.Desk.Domain.Attachments;

/// <summary>
/// One sanitizing run: how many values it redacted, and how much structure it may still inspect. The budget
/// bounds the work and memory a hostile file can cause (nested JSON bodies count against the same budget).
/// </summary>
public sealed class Redaction(int nodeBudget)
{
    public int Count { get; private set; }

    public int NodesLeft { get; private set; } = nodeBudget;

    /// <summary>Records one redacted value and returns the marker that replaces it.</summary>
    public string Redact()
    {
        this.Count++;
        return RedactionPolicy.Marker;
    }

    /// <summary>Counts a value that was replaced (unless it was empty or already the marker).</summary>
    public void Counted(string? original)
    {
        if (!string.IsNullOrEmpty(original) && original != RedactionPolicy.Marker && original != RedactionPolicy.UrlMarker)
        {
            this.Count++;
        }
    }

    /// <summary>Takes <paramref name="nodes"/> from the budget; false (taking nothing) when that would overdraw it.</summary>
    public bool TrySpend(int nodes)
    {
        if (nodes > this.NodesLeft)
        {
            return false;
        }

        this.NodesLeft -= nodes;
        return true;
    }
}
