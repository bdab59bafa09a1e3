using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// The README's quick start, read from the README itself: the end-to-end tests build their consumer from its
/// FodyWeavers.xml and its hook code verbatim, so the quick start cannot drift from what is tested.
/// </summary>
internal static class QuickStart
{
    private static readonly Lazy<IReadOnlyList<(string Language, string Text)>> s_blocks = new(() => Blocks(Section(File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "README.md")), "Quick start")));

    /// <summary>The shell commands, one a line, comments removed.</summary>
    internal static IReadOnlyList<string> Commands =>
        s_blocks.Value.Where(b => b.Language == "sh")
            .SelectMany(b => b.Text.Split('\n'))
            .Select(l => (l.Contains('#', StringComparison.Ordinal) ? l.Substring(0, l.IndexOf('#', StringComparison.Ordinal)) : l).Trim())
            .Where(l => l.Length > 0)
            .ToList();

    /// <summary>The FodyWeavers.xml it shows.</summary>
    internal static string WeaversFile => Single("xml", "<Weavers");

    /// <summary>The C# it shows: the using directive and the hooks, the start of a program.</summary>
    internal static string Program => Single("csharp", "Audit.AddHook");

    /// <summary>The fenced code blocks of a markdown text, with their language.</summary>
    internal static IReadOnlyList<(string Language, string Text)> Blocks(string markdown) =>
        Regex.Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "^```(\\w*)\\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToList();

    /// <summary>A level-two section of a markdown text, up to the next one.</summary>
    internal static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("No '## " + heading + "' section.");
        }

        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown.Substring(start) : markdown.Substring(start, end - start);
    }

    private static string Single(string language, string containing)
    {
        var matching = s_blocks.Value.Where(b => b.Language == language && b.Text.Contains(containing, StringComparison.Ordinal)).ToList();
        if (matching.Count != 1)
        {
            throw new InvalidOperationException("The README's quick start should show one " + language + " block containing '" + containing + "'; it shows " + matching.Count + ".");
        }

        return matching[0].Text;
    }
}
