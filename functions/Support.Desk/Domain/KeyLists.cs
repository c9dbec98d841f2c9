namespace Support.Desk.Domain;

/// <summary>Secrets and keys configured as one value, separated by spaces or commas so a rotation can list two.</summary>
public static class KeyLists
{
    public static string[] Parse(string value) =>
        value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
