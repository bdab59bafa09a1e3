using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AuditWeaver.Catalog;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// A cheap first test of a call's target against the catalog: the simple names of its declaring type and of the
/// member, compared before a documentation-comment ID is built. Building that ID for every call in a module was most
/// of the time spent weaving a large assembly (docs/performance.md); nearly every call fails this test.
/// </summary>
internal sealed class CalleeFilter
{
    // One filter per catalog for the life of the process (an MSBuild node weaves many projects): building it walks and
    // sorts every entry, which costs more than weaving a small assembly.
    private static readonly ConditionalWeakTable<AuditCatalog, CalleeFilter> s_filters = new();

    private readonly HashSet<string> _memberNames = new();
    private readonly HashSet<(string Type, string Member)> _typeAndMember = new();

    /// <param name="memberIds">Catalog IDs such as <c>M:System.IO.File.Exists(System.String)</c>.</param>
    private CalleeFilter(IEnumerable<string> memberIds)
    {
        foreach (var id in memberIds)
        {
            var (type, member) = SimpleNames(id);
            _memberNames.Add(member);
            _typeAndMember.Add((type, member));
        }
    }

    internal static CalleeFilter For(AuditCatalog catalog) =>
        s_filters.GetValue(catalog, c => new CalleeFilter(c.AllEntries.Select(e => e.MemberId)));

    /// <summary>A filter over other IDs (the configuration's exact &lt;Api id&gt; entries).</summary>
    internal static CalleeFilter ForIds(IEnumerable<string> memberIds) => new(memberIds);

    /// <summary>False when <paramref name="callee"/> cannot be cataloged; true means its full ID must be looked up.</summary>
    internal bool MayMatch(MethodReference callee)
    {
        // The same reduction DocumentationId makes: an instantiation is named by its definition.
        var definition = callee is GenericInstanceMethod instance ? instance.ElementMethod : callee;
        return _memberNames.Contains(definition.Name)
            && _typeAndMember.Contains((definition.DeclaringType.GetElementType().Name, definition.Name));
    }

    // "M:NS.Outer.Inner`1.Name``2(args)~Return" -> ("Inner`1", "Name"): the names Cecil gives the declaring type and
    // the method. IDs spell dots inside member names as '#' (".ctor" is "#ctor"), so the last dot ends the type.
    private static (string Type, string Member) SimpleNames(string id)
    {
        var end = id.IndexOf('(');
        var path = end < 0 ? id.Substring(2) : id.Substring(2, end - 2);
        var dot = path.LastIndexOf('.');
        var member = path.Substring(dot + 1);
        var arity = member.IndexOf("``", System.StringComparison.Ordinal);
        if (arity >= 0)
        {
            member = member.Substring(0, arity);
        }

        var type = path.Substring(0, dot);
        return (type.Substring(type.LastIndexOf('.') + 1), member.Replace('#', '.'));
    }
}
