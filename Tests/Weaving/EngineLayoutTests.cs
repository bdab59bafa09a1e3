using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// The layering docs/architecture.md describes, read from the sources: the engine's model sits below the configuration
/// reader and the reports, which use nothing else of the engine; every engine folder keeps the one namespace its
/// public types are known by.
/// </summary>
public class EngineLayoutTests
{
    private static readonly string s_weaver = Path.Combine(Paths.RepositoryRoot, "AuditWeaver.Fody");

    [Test]
    public void ConfigurationAndReportsUseOnlyTheEnginesModel()
    {
        var engine = Path.Combine(s_weaver, "Engine");
        var processing = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(engine, "Model") + Path.DirectorySeparatorChar, System.StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b(?:class|enum|interface|struct|record)\s+(\w+)").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.That(processing, Does.Contain("ApiMatcher").And.Contain("SiteWeaver").And.Contain("AssemblyWeaving"), "the pattern finds the engine's types");

        foreach (var file in new[] { "Configuration", "Reports" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(s_weaver, d), "*.cs")))
        {
            var used = Regex.Matches(File.ReadAllText(file), @"\b\w+\b").Select(m => m.Value).Where(processing.Contains).Distinct().ToList();
            Assert.That(used, Is.Empty, Path.GetRelativePath(s_weaver, file) + " uses the engine beyond its model");
        }
    }

    [Test]
    public void EveryEngineFolderKeepsTheEnginesNamespace()
    {
        var files = Directory.EnumerateFiles(Path.Combine(s_weaver, "Engine"), "*.cs", SearchOption.AllDirectories).ToList();
        Assert.That(files.Select(f => Path.GetFileName(Path.GetDirectoryName(f))).Distinct(), Is.SupersetOf(new[] { "Model", "Matching", "Rewriting", "Sites", "Additions", "Outcome" }));
        Assert.That(files.Where(f => !Regex.IsMatch(File.ReadAllText(f), @"^namespace AuditWeaver\.Fody\.Engine;$", RegexOptions.Multiline)).Select(f => Path.GetRelativePath(s_weaver, f)), Is.Empty);
    }
}
