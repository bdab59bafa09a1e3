using System.Linq;
using System.Text;
using System.Text.Json;
using AuditWeaver;
using AuditWeaver.Fody.Reports;
using AuditWeaver.Hooks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// One way of quoting JSON strings (<c>JsonEscaping</c>, compiled into the runtime and the weaver from one file):
/// valid and lossless JSON for every character, and the same text from the runtime's event formatting, its JSON-lines
/// log (<see cref="EventLogTests"/>) and the weaver's reports.
/// </summary>
public class JsonEscapingTests
{
    // Every UTF-16 code unit but the surrogates, which only come in pairs in well-formed text.
    private static readonly string s_everyCharacter = new(Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => !char.IsSurrogate(c)).ToArray());

    [Test]
    public void EveryCharacterRoundTripsAndNoControlCharacterIsWrittenAsItIs()
    {
        var quoted = Quote(s_everyCharacter);

        Assert.That(JsonSerializer.Deserialize<string>(quoted), Is.EqualTo(s_everyCharacter));
        Assert.That(quoted.Where(char.IsControl), Is.Empty);
        Assert.That(Quote("a\"b\\c\nd\re\tf\u0001\u007f\u0085é€"), Is.EqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u007f\\u0085é€\""));
    }

    [Test]
    public void TheRuntimesTextAndTheWeaveReportQuoteAlike()
    {
        var name = EventName.Unique("json");
        string? formatted = null;
        Audit.AddHook(e =>
        {
            if (e.Name == name)
            {
                formatted = e.FormatArguments();
            }
        });

        Audit.Raise(name, s_everyCharacter);

        var expected = Quote(s_everyCharacter);
        Assert.That(formatted, Is.EqualTo(expected), "the runtime's own build");
        Assert.That(new JsonWriter().BeginObject().Property("s", s_everyCharacter).EndObject().ToString(), Is.EqualTo("{\n  \"s\": " + expected + "\n}"));
    }

    internal static string Quote(string value)
    {
        var text = new StringBuilder();
        JsonEscaping.AppendQuoted(text, value);
        return text.ToString();
    }
}
