using System.Text;
using System.Text.Json;
using Support.Desk.Domain.Attachments;
using Support.Desk.TestCorpus;
using Xunit.Abstractions;

namespace Support.Desk.UnitTests.Attachments;

/// <summary>The threat corpus: secrets planted in every place of a HAR, and what an engineer needs kept.</summary>
public class HarSanitizerCorpusTests(ITestOutputHelper output)
{
    static readonly HarSecretCorpus Corpus = HarSecretCorpus.Build();
    static readonly HarSanitizeResult Result = HarSanitizer.Sanitize(Corpus.Bytes);
    static readonly string Stored = Result.Sanitized is null ? string.Empty : Encoding.UTF8.GetString(Result.Sanitized);

    [Fact]
    public void Corpus_PlantsAtLeastSixtySecrets_EachOnceInTheInput()
    {
        string input = Encoding.UTF8.GetString(Corpus.Bytes) + HarSecretCorpus.DecodedBase64Contents(Encoding.UTF8.GetString(Corpus.Bytes));

        Assert.True(Corpus.Secrets.Count >= 60, $"only {Corpus.Secrets.Count} secrets planted");
        Assert.Equal(Corpus.Secrets.Count, Corpus.Secrets.Select(s => s.Place).Distinct().Count());
        Assert.All(Corpus.Secrets, s => Assert.True(
            HarSecretCorpus.Encodings(s.Values[0]).Any(e => input.Contains(e, StringComparison.Ordinal)) || s.Place.Contains("base64", StringComparison.Ordinal) || s.Place.Contains("Basic", StringComparison.Ordinal) || s.Place.Contains("SAML", StringComparison.Ordinal),
            $"{s.Place} is not in the input"));
    }

    [Fact]
    public void Corpus_NoPlantedSecretSurvives_RawUrlEncodedJsonEscapedOrBase64()
    {
        Assert.Equal(HarOutcome.Sanitized, Result.Outcome);

        string[] survivors = [.. Corpus.Secrets.SelectMany(s => s.Values.Select(v => (s.Place, Found: HarSecretCorpus.FindSurvivor(Stored, v))))
            .Where(x => x.Found is not null).Select(x => $"{x.Place}: {x.Found}")];

        output.WriteLine($"{Corpus.Secrets.Count} secrets ({Corpus.Secrets.Sum(s => s.Values.Count)} strings) planted; {Result.Redactions} values redacted; {survivors.Length} survived.");
        Assert.Empty(survivors);
        Assert.True(Result.Redactions >= Corpus.Secrets.Count, $"{Result.Redactions} redactions for {Corpus.Secrets.Count} planted secrets");
    }

    [Fact]
    public void Corpus_KeepsWhatAnEngineerDebugsWith()
    {
        Assert.All(HarSecretCorpus.Kept, kept => Assert.Contains(kept, Stored, StringComparison.Ordinal));
    }

    [Fact]
    public void Corpus_StoredFileIsStillAHarWithEveryEntry()
    {
        using JsonDocument original = JsonDocument.Parse(Corpus.Bytes);
        using JsonDocument sanitized = JsonDocument.Parse(Stored);
        JsonElement[] before = [.. original.RootElement.GetProperty("log").GetProperty("entries").EnumerateArray()];
        JsonElement[] after = [.. sanitized.RootElement.GetProperty("log").GetProperty("entries").EnumerateArray()];

        Assert.Equal(before.Length, after.Length);
        Assert.Equal(before.Length, Result.Entries);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i].GetProperty("request").GetProperty("method").GetString(), after[i].GetProperty("request").GetProperty("method").GetString());
            Assert.Equal(new Uri(before[i].GetProperty("request").GetProperty("url").GetString()!.Split('#')[0]).Host, new Uri(after[i].GetProperty("request").GetProperty("url").GetString()!.Split('#')[0]).Host);
            Assert.Equal(before[i].GetProperty("response").GetProperty("status").GetInt32(), after[i].GetProperty("response").GetProperty("status").GetInt32());
            Assert.Equal(before[i].GetProperty("timings").GetRawText(), after[i].GetProperty("timings").GetRawText());
        }
    }

    [Fact]
    public void Sanitizing_IsIdempotent_AndFindsNothingTheSecondTime()
    {
        HarSanitizeResult twice = HarSanitizer.Sanitize(Result.Sanitized!);

        Assert.Equal(Stored, Encoding.UTF8.GetString(twice.Sanitized!));
        Assert.Equal(0, twice.Redactions);
    }
}
