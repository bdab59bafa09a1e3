using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Rocks;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// Every public or protected member of every type the catalog lists is either audited or excluded with a reason. A new
/// overload in a future framework fails this test until someone decides what it is.
/// </summary>
public class CompletenessTests
{
    [Test]
    public void EveryMemberOfEveryListedTypeIsCatalogedOrExcluded()
    {
        var catalog = AuditCatalog.BuiltIn;
        var unaccounted = (
            from listed in catalog.Types
            let type = ReferencePack.Types[listed.TypeId]
            from method in ReferencePack.VisibleMethods(type)
            let id = DocumentationId.ForMethod(method)
            where !catalog.TryGetEntry(id, out _) && catalog.FindExclusion(id) == null
            select id).ToList();

        Assert.That(unaccounted, Is.Empty, "members neither cataloged nor excluded with a reason");
    }

    /// <summary>
    /// Beyond the listed types, every public member anywhere in the framework that takes a path, a URI or an endpoint is
    /// audited, excluded with a reason, reached through an audited base declaration, or in a type the catalog ignores
    /// with a reason (URI parsing, credentials, options objects).
    /// </summary>
    [Test]
    public void EveryFrameworkMemberThatTakesAPathUriOrEndpointIsAccountedFor()
    {
        var catalog = AuditCatalog.BuiltIn;
        var listed = catalog.Types.Select(t => t.TypeId).Concat(catalog.IgnoredTypes.Select(t => t.Pattern)).ToHashSet();
        var unaccounted = (
            from pair in ReferencePack.Types
            where !listed.Contains(pair.Key)
            from method in ReferencePack.VisibleMethods(pair.Value)
            where method.Parameters.Any(IsSensitive)
            let id = DocumentationId.ForMethod(method)
            where !catalog.TryGetEntry(id, out _) && catalog.FindExclusion(id) == null && !ReachedThroughAuditedBase(method)
            select id).ToList();

        Assert.That(unaccounted, Is.Empty, "framework members that take a path, URI or endpoint and are neither audited nor excluded:\n" + string.Join("\n", unaccounted));
        Assert.That(catalog.IgnoredTypes.Select(t => t.Pattern).Where(id => !ReferencePack.Types.ContainsKey(id)), Is.Empty, "ignored types that do not exist");
    }

    [Test]
    public void ThereIsSomethingToCheck()
    {
        Assert.That(AuditCatalog.BuiltIn.Types.Count, Is.GreaterThanOrEqualTo(26));
        Assert.That(AuditCatalog.BuiltIn.Entries.Count(), Is.GreaterThan(500));
    }

    private static readonly string[] s_pathNames =
    {
        "path", "filename", "filepath", "sourcefilename", "destfilename", "destinationfilename", "uri", "url", "requesturi",
        "address", "hostnameoraddress", "hostname", "host", "assemblyfile", "assemblystring", "libraryname", "directory",
        "sourcedirectoryname", "destinationdirectoryname", "inputuri", "outputfilename", "stylesheeturi", "resultsfile",
    };

    private static bool IsSensitive(ParameterDefinition parameter) =>
        (parameter.ParameterType.FullName == "System.String" && s_pathNames.Contains(parameter.Name.ToLowerInvariant()))
        || parameter.ParameterType.FullName is "System.Uri" or "System.Net.EndPoint" or "System.Net.IPEndPoint";

    // C# names the base declaration in IL for a call to an override, so an override of an audited member is audited.
    private static bool ReachedThroughAuditedBase(MethodDefinition method)
    {
        if (!method.IsVirtual || method.IsNewSlot)
        {
            return false;
        }

        var root = method.GetOriginalBaseMethod();
        return root != method && AuditCatalog.BuiltIn.TryGetEntry(DocumentationId.ForMethod(root), out var entry) && entry.Event != null;
    }
}
