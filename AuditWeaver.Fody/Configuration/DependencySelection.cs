using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Configuration;

/// <summary>What the <c>Dependencies</c> attribute says in general, before the project's kind is known.</summary>
public enum DependencyMode
{
    /// <summary>No attribute: every dependency of an executable, none of a library's or a test project's.</summary>
    Default,

    /// <summary><c>all</c>: every dependency.</summary>
    All,

    /// <summary><c>none</c>: only the project's own assembly is woven.</summary>
    None,

    /// <summary>Assembly-name patterns: the dependencies they name.</summary>
    Patterns,
}

/// <summary>
/// Which of an application's dependencies the build weaves besides its own assembly, from the <c>Dependencies</c>
/// attribute of <c>&lt;AuditWeaver&gt;</c>: <c>all</c>, <c>none</c>, or assembly-name patterns with <c>*</c>
/// (<c>Serilog* Npgsql</c>), where <c>!Pattern</c> leaves a name out (<c>all !Npgsql</c>). Which assemblies can be
/// woven at all (not the framework, not the runtime, not already woven) is decided elsewhere; this only narrows it.
/// </summary>
public sealed class DependencySelection
{
    private static readonly Regex s_pattern = new("^[A-Za-z0-9_*][A-Za-z0-9_.*-]*$", RegexOptions.CultureInvariant);

    private DependencySelection(DependencyMode mode, IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Mode = mode;
        Includes = includes;
        Excludes = excludes;
    }

    /// <summary>No attribute.</summary>
    public static DependencySelection Default { get; } = new(DependencyMode.Default, Array.Empty<string>(), Array.Empty<string>());

    public DependencyMode Mode { get; }

    /// <summary>The names or patterns selected (<c>*</c> for <c>all</c>).</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>The names or patterns left out (written <c>!Pattern</c>).</summary>
    public IReadOnlyList<string> Excludes { get; }

    /// <summary>
    /// Whether a project weaves any dependency: an executable by default; a library or a test project only when its
    /// configuration says so (an application that consumes a library weaves it; a test host is never woven by default).
    /// </summary>
    public bool AppliesTo(bool isExecutable, bool isTestProject) =>
        Mode switch
        {
            DependencyMode.Default => isExecutable && !isTestProject,
            DependencyMode.None => false,
            _ => true,
        };

    /// <summary>Whether the dependency named <paramref name="assemblyName"/> is woven (once <see cref="AppliesTo"/> holds).</summary>
    public bool Selects(string assemblyName) =>
        (Mode is DependencyMode.Default or DependencyMode.All || Includes.Any(p => Wildcard.IsMatch(p, assemblyName)))
        && !Excludes.Any(p => Wildcard.IsMatch(p, assemblyName));

    /// <summary>
    /// Test frameworks, adapters and hosts, which a test project never weaves whatever its configuration says: they run
    /// the tests, they are not the code under test.
    /// </summary>
    public static IReadOnlyList<string> TestFrameworks { get; } = new[]
    {
        "Microsoft.TestPlatform.*", "Microsoft.VisualStudio.TestPlatform.*", "Microsoft.VisualStudio.CodeCoverage.*", "Microsoft.CodeCoverage.*",
        "Microsoft.Testing.*", "testhost*", "nunit*", "NUnit3.TestAdapter", "xunit*", "MSTest.*", "Microsoft.VisualStudio.TestTools.*",
    };

    public static bool IsTestFramework(string assemblyName) => TestFrameworks.Any(p => Wildcard.IsMatch(p.ToLowerInvariant(), assemblyName.ToLowerInvariant()));

    /// <summary>The attribute as written, for the cache of woven copies (a change re-weaves).</summary>
    public override string ToString() =>
        Mode switch
        {
            DependencyMode.Default => "default",
            DependencyMode.None => "none",
            _ => string.Join(" ", Includes.Concat(Excludes.Select(e => "!" + e))),
        };

    /// <summary>
    /// Reads the attribute's value; each mistake goes to <paramref name="problem"/> with what is wrong and what is valid
    /// (the reader adds where), and the result is then <see cref="Default"/>.
    /// </summary>
    internal static DependencySelection Parse(IEnumerable<string> tokens, Action<string> problem)
    {
        var words = tokens.ToList();
        var includes = new List<string>();
        var excludes = new List<string>();
        var valid = true;
        foreach (var word in words)
        {
            if (string.Equals(word, "none", StringComparison.OrdinalIgnoreCase))
            {
                if (words.Count > 1)
                {
                    problem("'none' cannot be combined with other values: it weaves no dependency.");
                    valid = false;
                }

                continue;
            }

            if (string.Equals(word, "all", StringComparison.OrdinalIgnoreCase))
            {
                includes.Add("*");
                continue;
            }

            var exclude = word.StartsWith("!", StringComparison.Ordinal);
            var pattern = exclude ? word.Substring(1) : word;
            if (!s_pattern.IsMatch(pattern))
            {
                problem("'" + word + "' is not an assembly name or pattern: letters, digits, '.', '-', '_' with * as a wildcard, and ! in front to leave a name out. Valid values: all, none, or patterns such as Serilog* Npgsql !Serilog.Sinks.Console.");
                valid = false;
                continue;
            }

            (exclude ? excludes : includes).Add(pattern);
        }

        if (!valid)
        {
            return Default;
        }

        if (words.Count == 0)
        {
            problem("the value is empty. Valid values: all, none, or assembly-name patterns such as Serilog* Npgsql.");
            return Default;
        }

        if (words.Count == 1 && string.Equals(words[0], "none", StringComparison.OrdinalIgnoreCase))
        {
            return new DependencySelection(DependencyMode.None, Array.Empty<string>(), Array.Empty<string>());
        }

        // Only exclusions ("!Npgsql"): everything else.
        if (includes.Count == 0)
        {
            includes.Add("*");
        }

        return new DependencySelection(includes.SequenceEqual(new[] { "*" }) ? DependencyMode.All : DependencyMode.Patterns, includes, excludes);
    }
}
