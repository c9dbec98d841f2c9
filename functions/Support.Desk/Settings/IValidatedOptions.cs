namespace Support.Desk.Settings;

/// <summary>
/// A section of the desk's settings that checks itself: every problem, each naming its configuration key, so a bad
/// value stops the app at start with all of them at once (the hosts bind and check each section with one helper).
/// </summary>
public interface IValidatedOptions
{
    IReadOnlyList<string> Validate();
}
