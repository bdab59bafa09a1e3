using System;
using System.Collections.Generic;
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
        AssertAccountedFor(method => method.Parameters.Any(IsSensitive), "take a path, URI or endpoint");
        Assert.That(AuditCatalog.BuiltIn.IgnoredTypes.Select(t => t.Pattern).Where(id => !ReferencePack.Types.ContainsKey(id)), Is.Empty, "ignored types that do not exist");
    }

    /// <summary>
    /// Beyond the listed types, every public member anywhere in the framework that takes or returns a file system entry,
    /// an open file or a socket is accounted for the same way: such a member either does input or output on it (and
    /// must be audited) or works on something an audited step already opened (and is excluded saying so).
    /// </summary>
    [Test]
    public void EveryFrameworkMemberThatTakesOrReturnsAFileOrSocketIsAccountedFor() =>
        AssertAccountedFor(method => Signature(method).Any(type => s_fileAndSocketTypes.Contains(type)), "take or return a file system entry, an open file or a socket");

    /// <summary>
    /// Beyond the listed types, every public member that makes an object of a type its caller names (as
    /// <c>Activator.CreateInstance(Type)</c> and <c>RuntimeHelpers.GetUninitializedObject(Type)</c> do) is accounted for.
    /// </summary>
    [Test]
    public void EveryFrameworkMemberThatInstantiatesAGivenTypeIsAccountedFor() =>
        AssertAccountedFor(InstantiatesAGivenType, "create an object of a type the caller names");

    [Test]
    public void ThereIsSomethingToCheck()
    {
        Assert.That(AuditCatalog.BuiltIn.Types.Count, Is.GreaterThanOrEqualTo(26));
        Assert.That(AuditCatalog.BuiltIn.Entries.Count(), Is.GreaterThan(500));
    }

    private static readonly string[] s_fileAndSocketTypes =
    {
        "System.IO.FileSystemInfo", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "Microsoft.Win32.SafeHandles.SafeFileHandle", "System.Net.Sockets.Socket",
    };

    private static void AssertAccountedFor(Func<MethodDefinition, bool> selects, string what)
    {
        var catalog = AuditCatalog.BuiltIn;
        var listed = catalog.Types.Select(t => t.TypeId).Concat(catalog.IgnoredTypes.Select(t => t.Pattern)).ToHashSet();
        var selected = (
            from pair in ReferencePack.Types
            where !listed.Contains(pair.Key)
            from method in ReferencePack.VisibleMethods(pair.Value)
            where selects(method)
            select method).ToList();
        var unaccounted = (
            from method in selected
            let id = DocumentationId.ForMethod(method)
            where !catalog.TryGetEntry(id, out _) && catalog.FindExclusion(id) == null && !ReachedThroughAuditedBase(method)
            select id).ToList();

        Assert.That(selected, Is.Not.Empty, "the filter selects nothing: it no longer matches the reference assemblies");
        Assert.That(unaccounted, Is.Empty, "framework members that " + what + " and are neither audited nor excluded:\n" + string.Join("\n", unaccounted));
    }

    // Every type the member's signature mentions: parameters and result, through arrays, references and type arguments
    // (Task<Socket>, IEnumerable<FileInfo>).
    private static IEnumerable<string> Signature(MethodDefinition method) =>
        method.Parameters.Select(p => p.ParameterType).Append(method.ReturnType).SelectMany(Mentioned);

    private static IEnumerable<string> Mentioned(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                return generic.GenericArguments.SelectMany(Mentioned).Append(generic.ElementType.FullName);
            case FunctionPointerType pointer:
                return pointer.Parameters.Select(p => p.ParameterType).Append(pointer.ReturnType).SelectMany(Mentioned);
            case TypeSpecification specification:
                return Mentioned(specification.ElementType);
            default:
                return new[] { type.FullName };
        }
    }

    // Takes a Type and makes an object of it: CreateInstance and GetUninitializedObject by name, or a Create... that returns
    // object. Converters, parsers and service lookups also take a Type and return object, but make nothing the caller chose.
    private static bool InstantiatesAGivenType(MethodDefinition method) =>
        method.Parameters.Any(p => p.ParameterType.FullName == "System.Type")
        && (method.Name.Contains("CreateInstance", StringComparison.Ordinal)
            || method.Name.Contains("Uninitialized", StringComparison.Ordinal)
            || (method.Name.StartsWith("Create", StringComparison.Ordinal) && method.ReturnType.FullName == "System.Object"));

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
